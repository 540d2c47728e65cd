"""Word lists behind name redaction.

``FIRST_NAMES`` lets weak cues ("Hola", "hablé con") count only when a real
first name follows, because brands follow them just as often ("Hola Iberia").
``NOT_NAMES`` lists capitalised words that open a sentence or a signature and
are never a person's name, so "Hola Buenas tardes" or "Saludos Cordiales" stay.
``COMMON_WORDS`` and ``AMBIGUOUS_NAMES`` do the same for names written in lower
case ("me llamo ramiro etxeberria y tengo...", "soy clara con ustedes").
The lists are written for this project; extend them freely.
"""

from __future__ import annotations

FIRST_NAMES: frozenset[str] = frozenset(
    """
    Adolfo Adrián Agustín Aitor Alberto Alejandro Alejandra Alba Alfonso Alfredo Alicia Alma
    Álvaro Amparo Ana Andrea Andrés Ángel Ángela Ángeles Anabel Antonia Antonio Ariadna Armando
    Arturo Asunción Aurora Beatriz Begoña Benito Bernardo Blanca Borja Camila Candela Carla
    Carlos Carmen Carolina Catalina Cecilia Celia César Claudia Clara Concepción Consuelo
    Cristian Cristina Cristóbal Daniel Daniela David Diana Diego Dolores Domingo Eduardo Elena
    Elisa Eloy Elvira Emilia Emilio Encarnación Enrique Ernesto Esperanza Esteban Estefanía
    Esther Eva Fabián Federico Felipe Fernanda Fernando Francisca Francisco Gabriel Gabriela
    Gerardo Germán Gilberto Gloria Gonzalo Graciela Gregorio Guadalupe Guillermo Gustavo Héctor
    Hugo Ignacio Inés Inmaculada Irene Isaac Isabel Iván Jaime Javier Jesús Joaquín Jordi Jorge
    José Josefa Josefina Juan Juana Julia Julián Julio Karla Laura Leonardo Leticia Lidia
    Lorena Lorenzo Lourdes Lucas Lucía Luis Luisa Manuel Manuela Marcela Marcelo Marcos
    Margarita María Mariana Mariano Marina Mario Marisol Marta Martín Martina Mateo Matías
    Mercedes Miguel Milagros Miriam Mónica Montserrat Nerea Nicolás Noelia Nuria Óscar Pablo
    Paola Patricia Paula Pedro Pilar Rafael Ramiro Ramón Raquel Raúl Rebeca Ricardo Roberto
    Rocío Rodrigo Rosa Rosario Rubén Salvador Samuel Sandra Santiago Sara Sebastián Sergio
    Silvia Simón Sofía Sonia Susana Teresa Tomás Valentina Valeria Vanesa Verónica Vicente
    Víctor Victoria Virginia Ximena Xavier Yolanda Jimena Yesenia Alexis Kevin Brian Jonathan
    Mauricio Rodolfo Rolando Rosalía Marisa Maite Iker Unai Ane Leire Xabier Pau Núria Montse
    Joan Josep Marc Pere Xavi Iria Uxía Brais Anxo Xosé
    Abel Abigail Abril Ada Adela Adelaida Adriana Agustina Aída Ainhoa Ainara Aitana Alan
    Albert Alexander Alexandra Alfonsina Alonso Amanda Amelia Américo Ana Anahí Analía
    Anastasia Andrés Ángeles Angélica Anselmo Antonella Araceli Ariel Arnaldo Astrid Aurelio
    Axel Ayelén Bárbara Baltasar Bautista Benjamín Berta Bianca Brenda Bruno Brayan Camilo
    Candelaria Carina Carmela Casimiro Cayetana Celeste Celestino Cintia Cinthia Ciro Clemente
    Constanza Cornelio Cristina Dalia Damián Dante Dario Darío Dayana Débora Delfina Delia
    Denis Derek Desirée Dionisio Dora Dulce Edgar Edith Edmundo Edwin Efraín Elías Eliana
    Elisabet Elsa Emanuel Emiliano Emma Eric Erika Estela Esteban Eugenia Eugenio Eulalia
    Eusebio Evelyn Ezequiel Fabiola Facundo Fátima Fausto Felicidad Felisa Fermín Fernán
    Fidel Filomena Flavia Flor Florencia Franco Gael Gaspar Genaro Genoveva Georgina Gerardo
    Gisela Giselle Gladys Graciano Griselda Guido Hernán Heriberto Higinio Hilda Homero
    Horacio Humberto Ibai Idoia Ignacia Ileana Imanol Ingrid Irma Isidro Itziar Ivonne Jacinto
    Jazmín Jennifer Jéssica Jessica Jhon Jonatan Josué Juan Julieta Justina Karen Karina Katia
    Laia Lara Leandro Leire Leocadia Leonor Leopoldo Lía Liliana Lisandro Lola Lorenzo Luana
    Lucero Luciana Luciano Lucio Luna Luz Macarena Magdalena Maite Maximiliano Máximo Mayra
    Melisa Melina Micaela Milagros Mireia Mirta Moisés Nahuel Nancy Natalia Nazareno Néstor
    Nicanor Nicole Nieves Nora Norma Octavio Olga Olivia Omar Orlando Osvaldo Pascual Pamela
    Patricio Pía Priscila Prudencio Ramona Regina Reinaldo Renata Renato Reyes Rigoberto Rita
    Roberta Rocío Rogelio Romina Rosalba Rosana Rosendo Ruth Sabrina Salomé Samanta Saúl Selena
    Serafín Severino Silvestre Sol Soledad Stefanía Tadeo Tamara Tatiana Telmo Teodoro
    Thiago Tobías Trinidad Ulises Úrsula Valentín Vanessa Vilma Violeta Walter Wilson
    Yamila Yamileth Yanina Yasmín Yolanda Zoe Zulema Zaida Eneko Gorka Asier Mikel Jon Ander
    Oier Koldo Edurne Amaia Garazi Nahia Jordina Montserrat Roser Meritxell Arnau Oriol Pol
    Sergi Jaume Ferran Xoán Antía Sabela Noa Nerea Hugo Leo Izan Enzo Mía Alma Vera Carlota
    Gonzalo Ximena Jimena Wendy Yuliana Yésica Maricela Marisela Guadalupe Lupita Pancho Paco
    Pepe Pepa Chema Nacho Quique Rafa Toño Charo Concha Maribel Mariló Marisa Mari Tere
    """.split()
)

# First names that are also everyday words: in lower case after "soy" they are
# the word ("soy clara con ustedes"), so only capitals make them names there.
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    """
    alma amparo angel angeles asuncion aurora blanca candela caridad clara concepcion consuelo
    cruz dolores dulce esperanza estrella felicidad flor fe gloria inmaculada leal luz mar
    mercedes milagros modesto nieves paz pilar prudencio remedios reyes rocio rosa rosario
    salvador sol soledad trinidad victoria violeta pastor justo franco serafin vera luna
    celeste regina bruno leo lola noa
    """.split()
)

# Common lower-case words that end a name written in lower case ("me llamo
# ramiro y tengo...") and are never its first word ("me llamo ayer un agente").
# Compared without accents; the capitalised NOT_NAMES count too.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    a al algo ante asi aun ayer anoche bajo cabe casi como con contra cual cuando de del desde
    donde durante e el ella ellos en entre era es esa ese eso esta este esto estoy fue ha han
    hace hacia has hasta hay he hoy la las le les lo los mas me mi mis muy nada ni no nos o
    os otra otro para pero poco por porque pues que quien se sea segun ser si sin sino sobre
    solo son soy su sus tal tambien tan tanto te tengo tiene toda todo tras tu tus un una uno
    unos unas usted ustedes vez veces ya yo
    dos tres cuatro cinco seis siete ocho nueve diez
    llamo llame llamado llamada llamaron llamando escribo escribi escribe escribiendo
    quiero queria necesito pido pregunto reclamo solicito tenia estaba estuve sigo sigue
    cliente clienta usuario usuaria titular socio socia abonado abonada
    nuevo nueva viejo vieja gente senor senora señor señora joven chico chica hombre mujer
    agente asesor asesora operador operadora tecnico tecnica comercial encargado encargada
    persona alguien nadie varios varias muchas muchos mucho mucha bien mal
    super re bastante demasiado demasiada tarde temprano pronto luego despues antes ahora
    aqui ahi alli alla entonces siempre nunca jamas tambien tampoco
    del desde hace hasta por favor gracias hola buenas buenos dias tardes noches
    """.split()
)

NOT_NAMES: frozenset[str] = frozenset(
    """
    Hola Buenas Buenos Buen Días Tardes Noches Tarde Noche Saludos Saludo Cordiales Cordial
    Atentamente Atte Att Gracias Muchas Mil Un Una Unos Unas El La Los Las Lo Le Les Me Mi Mis
    Algún Alguno Alguna Algunos Algunas Alguien Varios Varias Ningún Ninguno Ninguna Muchos
    Poco Poca Pocos Pocas Otro Otra Otros Otras Cada Cualquier Ambos Ambas Mismo Misma Demás
    También Tampoco Además Aún Todavía Casi Solo Sólo Cuál Cuáles Quién Quiénes Cuánto Cuánta
    Te Tu Tus Su Sus Nos Se Yo Él Ella Ellos Ellas Usted Ustedes Vosotros Nosotros Estimado
    Estimada Estimados Estimadas Querido Querida Señor Señora Señores Señorita Sr Sra Srta Sres
    Dr Dra Don Doña Cliente Clienta Clientes Usuario Usuaria Usuarios Titular Equipo Atención
    Servicio Soporte Departamento Empresa Compañía Banco Tienda Oficina Central Gerencia
    Dirección Agente Asesor Asesora Operador Operadora Técnico Técnica Comercial Gestor Gestora
    Y E O U Pero Que Qué Como Cómo Cuando Cuándo Donde Dónde Por Para Porque Pues Ya No Sí Si
    Nada Nadie Nunca Siempre Todo Todos Toda Todas Esto Este Esta Estos Estas Ese Esa Eso Esos
    Esas Aquí Ahí Allí Hoy Ayer Mañana Ahora Luego Después Antes Desde Hasta Con Sin Sobre Tras
    Entre Según Durante Mediante De Del Al A En Es Está Están Estoy Estaba Era Fue Soy Somos
    Son Ser Hay Había Tengo Tiene Tienen Tenía Llevo Lleva Llevamos Quiero Queremos Quisiera
    Necesito Necesitamos Solicito Solicitamos Espero Esperamos Agradezco Agradecería Ruego
    Adjunto Adjunta Favor Disculpe Disculpa Perdón Lunes Martes Miércoles Jueves Viernes
    Sábado Enero Febrero Marzo Abril Mayo Junio Agosto Septiembre Setiembre
    Octubre Noviembre Diciembre Navidad Semana Mes Año Cordialmente Abrazos Abrazo Besos Beso
    Felicidades Enhorabuena Bienvenido Bienvenida Gran Grande Nuevo Nueva Muy Mucho Mucha
    Bueno Buena Mal Malo Mala Fatal Pésimo Pésima Excelente Genial Perfecto Perfecta Ok Vale
    Bien Urgente Importante Asunto Re Fwd Rv Nota Info Información Consulta Queja Reclamación
    Incidencia Pedido Factura España México Colombia Argentina Chile Perú Madrid Barcelona
    Dios Ojalá Feliz Felices Saludar Atento Atenta Agradecido Agradecida Cansado Cansada
    Harto Harta Indignado Indignada Decepcionado Decepcionada Contento Contenta
    Comandante Capitán Piloto Director Directora Directores Gerente Presidente Presidenta
    Jefe Jefa Ministro Ministra Alcalde Alcaldesa Doctor Doctora Licenciado Licenciada
    Ingeniero Ingeniera Profesor Profesora Amigo Amiga Amigos Amigas Compañero Compañera
    Venezolano Venezolana Colombiano Colombiana Mexicano Mexicana Español Española Argentino
    Argentina Chileno Chilena Peruano Peruana Ecuatoriano Ecuatoriana Cubano Cubana Uruguayo
    Uruguaya Paraguayo Paraguaya Boliviano Boliviana Dominicano Dominicana Hondureño Hondureña
    Salvadoreño Salvadoreña Guatemalteco Guatemalteca Nicaragüense Costarricense Panameño
    Panameña Puertorriqueño Puertorriqueña Extranjero Extranjera Residente Jubilado Jubilada
    Pensionista Autónomo Autónoma Estudiante Socio Socia Afiliado Afiliada Titular Cuenta
    Mesa Ayuda Help Desk Support Customer Service Team Sales Billing Reclamos Reclamaciones
    Ventas Facturación Cobranzas Cobros Notificaciones Avisos Administración Sistema Portal
    Centro Contacto Postventa Calidad Área Canal Online Web App Oficial Noreply
    On Enviado Enviada Sent Obtener Get From To Subject Date Fecha Asunto Reenviado
    """.split()
)

# Surnames common in Spain and Latin America: with a patronymic ending ("-ez"),
# evidence that capitalised words under an unfinished line are a name ("...aca
# en Lugo\nInti Arrieta Pujol"), where product and place names are as likely.
SURNAMES: frozenset[str] = frozenset(
    """
    garcia rodriguez gonzalez fernandez lopez martinez sanchez perez gomez jimenez ruiz
    hernandez diaz alvarez muñoz gutierrez dominguez vazquez ramirez suarez ortiz sanz nuñez
    iglesias castillo lozano mendez marquez herrera carrasco diez gimenez ibañez benitez
    saez velasco moya marti quispe mamani condori huaman huanca apaza choque ticona mayta
    chavez salazar vasquez rosales zapata cardenas osorio restrepo giraldo ospina arango
    cardona araya contreras pizarro tapia fuentealba sepulveda bustos valenzuela cifuentes
    acosta sosa aguirre ledesma quiroga villalba echeverria etxeberria goikoetxea agirre
    arrieta zubizarreta olaizola elorza larrañaga urrutia iturbide garmendia zabala uriarte
    pujol puig vilaro castelao seoane outeiro carballo piñeiro rial ferreiro mosquera
    barreiro varela souto
    """.split()
)

# Cues read right to left from a capitalised word: a cue, optional ",:;",
# blanks, an optional title, then the name. Words of a cue are separated by
# single spaces here and match any run of blanks in the text; matching ignores
# case, so only accent variants need listing.
_ARTICLES = ("el", "la", "al", "del", "otro", "otra", "un", "una", "mi", "su")

TITLES: tuple[str, ...] = (
    "sr", "sr.", "sra", "sra.", "srta", "srta.", "dr", "dr.", "dra", "dra.",
    "don", "doña", "señor", "señora", "señorita", "senor", "senora", "senorita",
)  # fmt: skip

# Any capitalised word after these is a name.
STRONG_CUES: tuple[str, ...] = (
    "soy", "me llamo", "mi nombre es", "mi nombre", "nombre:", "le habla", "les habla",
    "te habla", "os habla", "a nombre de", "titular:", "cliente:", "usuario:", "usuaria:",
    "firma:", "atte", "atte.", "att", "att.", "atentamente", "cordialmente", "firmado", "fdo",
    "fdo.", "un saludo", "saludos", "un abrazo", "abrazos", "besos", "saludos cordiales",
    "un cordial saludo", "cordial saludo", "reciba un cordial saludo", "bendiciones", "slds",
    "les escribe", "le escribe", "te escribe", "os escribe", "les saluda", "le saluda",
    "se despide", "me despido",
    "atendido por", "atendida por", "me atendió", "me atendio", "nos atendió", "nos atendio",
    "le atendió", "le atendio",
    # Staff words that label a person on their own ("Agente: Carlos").
    "agente", "asesor", "asesora", "operador", "operadora", "teleoperador", "teleoperadora",
    "técnico", "técnica", "tecnico", "tecnica",
    # Staff words that need an article ("el comercial Juan", not "centro comercial Gran Vía").
    *(
        f"{article} {noun}"
        for article in _ARTICLES
        for noun in (
            "gestor", "gestora", "comercial", "dependiente", "dependienta", "repartidor",
            "repartidora", "supervisor", "supervisora", "encargado", "encargada",
            "cajera", "vendedor", "vendedora", "chico", "chica", "compañero", "compañera",
            "señorita", "titular",
        )
    ),
    *TITLES,
)  # fmt: skip

# Only a known first name counts after these (unless a title follows them):
# brands follow them as often ("Hola Iberia", "Querido Ryanair").
WEAK_CUES: tuple[str, ...] = (
    "estimado", "estimada", "querido", "querida",
    "hola", "buenas", "buenos días", "buenos dias", "buenas tardes", "buenas noches",
    "gracias", "muchas gracias", "hablé con", "hable con", "habló con", "hablo con",
    "hablamos con", "llamé a", "llame a", "pregunté por", "pregunte por",
    # Closing lines: a name on the next line is a signature ("Gracias,\nCasimiro Urquiza").
    "quedo a la espera", "quedo atento", "quedo atenta", "quedo atenta a su respuesta",
    "quedo atento a su respuesta", "gracias de antemano", "espero su respuesta",
    "espero respuesta", "muchas gracias de antemano",
)  # fmt: skip
