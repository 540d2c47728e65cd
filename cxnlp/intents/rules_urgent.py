"""Urgent cues: fraud, theft, unauthorised charges, physical danger."""

from __future__ import annotations

from cxnlp.intents.rules_base import Cue, make_cues

URGENT: list[Cue] = make_cues(
    "urgent",
    [
        r"\b(?:fraude|fraudulent[oa]s?|estafaron|estafado|estafada|intento de estafa|"
        r"suplantacion|suplantaron|robo de identidad|phishing|vishing|smishing|clonaron|"
        r"clonada|clonado|hackearon|hackeada|hackeado|jaquearon|pirateada|vaciaron)\b",
        r"\b(?:me|nos|le)\s+(?:robaron|roban|han robado|robo)\b(?! (?:el |mi )?(?:tiempo|paciencia|"
        r"la paciencia|las ganas|la ilusion|el dia|la tarde|la manana|la atencion|el corazon|"
        r"la sonrisa|una sonrisa))",
        r"\brob(?:aron|o) (?:mi|mis|la|el|los|las) (?:tarjeta|cuenta|datos|identidad|dinero|"
        r"clave|contrasena|celular|telefono|movil|paquete|pedido)\b",
        r"\brobo (?:de|del) (?:mi|mis|la|el|los|las|datos|tarjeta|identidad|dinero|celular|"
        r"telefono|movil|equipo|auto|coche|carro|vehiculo|medidor|cable)\b",
        r"\b(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"transferencias|retiro|retiros|debito|debitos|pago|pagos|extraccion|extracciones)\s+"
        r"(?:\S+\s+){0,8}?que (?:yo |nosotros )?(?:no|nunca|jamas) (?:reconozco|hice|realice|autorice|"
        r"he hecho|hicimos|autorizamos|solicite|pedi)\b",
        r"\b(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"transferencias|retiro|retiros|debito|debitos)\s+(?:\S+\s+){0,6}?que no son (?:mias|"
        r"mios|nuestras|nuestros)\b",
        r"\b(?:sacaron|retiraron|descontaron|debitaron|transfirieron|cobraron)\s+(?:\S+\s+){0,5}?"
        r"sin (?:mi |nuestra |ninguna )?autorizacion\b",
        r"\b(?:alguien|un tercero|terceros|desconocidos?|otra persona)\s+(?:\w+\s+)?(?:entro|"
        r"esta usando|estan usando|usando|uso mi|"
        r"entraron|accedio|accedieron|ingreso|ingresaron|uso|usaron|se metio|se metieron)\s+"
        r"(?:a |en )?(?:mi|mis|nuestra|nuestras)\b",
        r"\b(?:haciendose|haciendo|se hizo|se hicieron|se hacen|se hacia|se hacian) pasar por\b",
        r"\b(?:me|nos)\s+(?:sacaron|robaron|quitaron)\s+(?:la|mi|el|mis)\s+(?:clave|contrasena|"
        r"pin|codigo|token|datos)\b",
        r"\b(?:sms|mensaje|mensajes|correo|correos|mail|llamada|llamadas|link|enlace|whatsapp|"
        r"pagina)\s+(?:\S+\s+){0,3}?(?:falso|falsos|falsa|raro|rara|raros|sospechos[oa]s?|"
        r"fraudulent[oa]s?|trucho|truchos|trucha|enganos[oa]s?)\b",
        r"\bpidiendo(?:me)? (?:\w+ ){0,2}?(?:mis|mi|la|el|los|sus|tus) (?:datos|clave|contrasena|"
        r"pin|codigo|tarjeta)\b",
        r"\b(?:me|nos)\s+(?:entraron|accedieron|vulneraron|metieron)\s+(?:a|en)\s+(?:la|mi|"
        r"nuestra)\s+cuenta\b",
        r"\b(?:lo|la|los|las|me lo|me la|me los)\s+robaron\b",
        r"\b(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"transferencias|retiro|retiros|consumo|consumos|debito|debitos)\s+(?:\w+\s+){0,4}?(?:no autorizad[oa]s?|"
        r"no reconocid[oa]s?|que no (?:reconozco|hice|realice|autorice|he hecho|hicimos)|"
        r"desconocid[oa]s?|fraudulent[oa]s?)\b",
        r"\bno (?:reconozco|reconocemos|autorice|autorizamos|hice|realice)\s+(?:\w+\s+){0,2}?"
        r"(?:cargo|cargos|cobro|cobros|compra|compras|movimiento|movimientos|transferencia|"
        r"retiro|pago|pagos)\b",
        r"\b(?:fuga|escape|olor|huele|olia) (?:de |a )?gas\b",
        r"\b(?:se prendio fuego|prendio fuego|agarro fuego|salio fuego|hay fuego|en llamas)\b",
        r"(?<!cubre )(?<!cubren )(?<!contra )(?<!seguro de )(?<!cobertura de )(?<!por )\bincendio\b",
        r"\b(?:cortocircuito|corto circuito|chispas|chispazo|se incendio|humo|"
        r"explosion|exploto|electrocut\w*|descarga electrica|calambre|intoxicad[oa]s?|"
        r"intoxicacion|quemadura|quemaduras|herid[oa]s?|lesionad[oa]s?)\b",
        r"\b(?:cable|cables)\s+(?:\w+\s+){0,4}?(?:pelad[oa]s?|suelt[oa]s?|colgando|caid[oa]s?|"
        r"tirad[oa]s?|"
        r"expuest[oa]s?|en el suelo)\b",
        r"\bposte\b(?:\s+\S+){0,4}?\s+(?:caido|caerse|a punto de caer\w*|inclinado|cayendo)\b",
        r"\b(?:pierde|perdia|perdida de|sale|salia|se sale|se escapa|escapa|fuga de) gas\b",
        r"\b(?:entraron|accedieron|ingresaron|se metieron)\s+(?:a|en)\s+(?:la|mi|nuestra)\s+"
        r"(?:cuenta|app|banca)\b",
        r"\b(?:peligro|peligros[oa]s?|riesgo para|emergencia|urgencia medica)\b",
    ],
)
