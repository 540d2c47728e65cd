"""Word lists behind name redaction.

``FIRST_NAMES`` lets weak cues ("Hola", "hablé con") count only when a real
first name follows, because brands follow them just as often ("Hola Iberia").
``NOT_NAMES`` lists capitalised words that open a sentence or a signature and
are never a person's name, so "Hola Buenas tardes" or "Saludos Cordiales" stay.
Both lists are written for this project; extend them freely.
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
    "fdo.", "un saludo", "saludos", "un abrazo", "abrazos", "besos",
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
)  # fmt: skip
