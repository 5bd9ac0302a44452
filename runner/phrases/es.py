"""Spanish (es): how Spanish-speaking support sites word things, in Spain and Latin America,
in the tú and the usted form. A "no" in front turns a receipt into its opposite ("no hemos
recibido", "no ha sido enviado"), so those are left out of the acknowledgement."""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|diez|doce|quince"
        r"|veinticuatro|cuarenta y ocho|setenta y dos|unos pocos|unas pocas|pocos|pocas|unos"
        r"|unas|algunos|algunas)")
_UNIT = (r"(?:minutos?|min|horas?|h|hrs?|d[ií]as?|semanas?)(?:\s+(?:h[áa]biles|laborables"
         r"|laborales|naturales))?")
_DAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:y|o|por favor|antes|para)\b))"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        r"\bgracias\b|\bagradecemos\b",
        r"(?<!\bno )\b(?:hemos|he) recibido\b|(?<!\bno )\brecibimos (?:tu|su|la|el)\b",
        r"(?<!\bno )\b(?:ha|han) sido (?:enviad|recibid|registrad|cread|generad|procesad"
        r"|remitid)[oa]s?\b|(?<!\bno )\bse (?:ha|han) (?:enviado|recibido|registrado|creado"
        r"|generado)\b",
        r"\b(?:mensaje|solicitud|consulta|petición|reclamación|reclamo|queja|ticket|caso"
        r"|pregunta|formulario|correo|incidencia) (?:enviad|recibid|registrad|cread)[oa]s?\b",
        r"\b(?:enviad|recibid|registrad)[oa]s? (?:correctamente|con éxito|exitosamente"
        r"|satisfactoriamente)\b",
        r"\bconfirmaci[óo]n\b|\b(?:te|le|les) confirmamos\b",
        r"\b(?:te|le|les) (?:responderemos|contestaremos|contactaremos|llamaremos|escribiremos)\b"
        r"|\bnos (?:pondremos|comunicaremos) (?:en contacto )?(?:contigo|con usted|con ustedes)?",
        r"\b(?:un|una|nuestro|nuestra) (?:agente|asesor|asesora|equipo|especialista)\b[^.!?\n]"
        r"{0,30}\b(?:se pondrá en contacto|te contactará|le contactará|te responderá"
        r"|le responderá|se comunicará)\b",
    ),
    "promise": (
        rf"\ben (?:un )?(?:plazo|máximo|periodo|período|lapso) (?:máximo )?(?:de )?{_NUM}\s*"
        rf"{_UNIT}\b",
        rf"\b(?:en|dentro de) (?:las |los )?(?:próxim[oa]s|siguientes) (?:{_NUM}\s*)?{_UNIT}\b",
        rf"\ben (?:menos de |aproximadamente |como máximo |máximo )?{_NUM}\s*{_UNIT}\b",
        rf"\bdentro de (?:{_NUM}\s*)?{_UNIT}\b",
        rf"\b(?:antes del? |para (?:el )?)(?:mañana|{_DAY}|(?:final|fin) del? (?:día|semana)"
        rf"|las \d{{1,2}}(?::\d\d)?)\b",
        rf"\b{_NUM} d[ií]as? (?:h[áa]biles|laborables|laborales)\b|\b(?:el )?(?:próximo"
        rf"|siguiente) día (?:h[áa]bil|laborable)\b|\b(?:el )?mismo día\b",
        r"(?<!\bla )(?<!\besta )(?<!\bpor )\bmañana\b|\bhoy mismo\b|\b(?:a lo largo|en el"
        r" transcurso) del día\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|hrs?\b|horas\b)",
    ),
    "apology": (
        r"\blo (?:siento|sentimos)\b|\bsentimos (?:mucho|las molestias|los inconvenientes)\b"
        r"|\bsiento (?:mucho|las molestias)\b",
        r"\bdisculp\w*\b",
        r"\bperd(?:ón|on|ona|one|onen|ónanos|onanos)\b",
        r"\blament(?:o|amos|a)\b",
        r"\b(?:qué|que|es|resulta|debe ser|entiendo lo) (?:\w+ )?(?:frustrante|molesto"
        r"|decepcionante|desagradable)\b|\b(?:las|los) (?:molestias|inconvenientes)\b",
        r"\bno (?:debería|debió) (?:haber )?(?:pasado|ocurrido|suceder)\b|\b(?:un )?error "
        r"(?:nuestro|de nuestra parte)\b|\bnuestra culpa\b",
    ),
    "complaint": (
        r"\b(?:dañad|rot|estropead|defectuos|rajad|agrietad|rayad|abollad|manchad|desgarrad"
        r"|aplastad|quebrad|averiad)[oa]s?\b",
        r"\bno (?:\w+ )?(?:funciona|enciende|arranca|carga|cierra|sirve|anda)\b",
        r"\b(?:no|todavía no|aún no|nunca) (?:me )?(?:ha |han |he |hemos )?(?:llegado|recibido"
        r"|entregado|llegó|llegaron)\b|\bsigue sin (?:llegar|aparecer)\b",
        r"\b(?:retras\w*|demora\w*|atrasad[oa]s?)\b",
        r"\b(?:falta|faltan|faltaba|perdid[oa]s?|extraviad[oa]s?|desaparecid[oa]s?)\b",
        r"\b(?:talla|color|producto|artículo|pedido|modelo|dirección|paquete|tamaño)(?: \w+)? "
        r"(?:equivocad|incorrect|erróne)[oa]s?\b|\bno es lo que (?:pedí|compré|pedimos)\b",
        r"\breembols\w*\b|\bdevolución del dinero\b|\bdevolver (?:el|mi) dinero\b"
        r"|\bindemniza\w*\b|\bcompensación\b",
        r"\bcobr\w* (?:\w+ )?(?:dos veces|doble|de más)\b|\bcobro (?:doble|duplicado)\b",
        r"\bquej\w*\b|\breclam\w*\b|\binaceptable\b|\bdecepcionad[oa]s?\b|\bindignad[oa]s?\b"
        r"|\bmolest[oa]s?\b|\benfadad[oa]s?\b|\binsatisfech[oa]s?\b|\bno estoy (?:content"
        r"|satisfech)[oa]\b|\bpésim[oa]\b",
        r"\b(?:un |el )?(?:problema|fallo|defecto) (?:con|en)\b",
    ),
    "handoff": (
        r"\b(?:te|le|lo|la|los) (?:transfiero|transferimos|transferiré|comunico|comunicamos"
        r"|conecto|conectamos|derivo|derivamos|redirijo|redirigimos|pongo en contacto"
        r"|ponemos en contacto)\b|\b(?:te|le) (?:paso|pasamos) con\b",
        r"\btransfiriendo\b|\bconectando(?:te|le)? con\b",
        r"\b(?:agente|asesor|asesora|compañer[oa]|operador|operadora|persona|humano|especialista"
        r"|representante|miembro del equipo)\b[^.!?\n]{0,40}\b(?:se unirá|te atenderá"
        r"|le atenderá|te atiende|estará contigo|estará con usted|te ayudará|le ayudará"
        r"|tomará (?:el|la|tu|su))\b",
        r"\bpróxim[oa] (?:agente|asesor\w*|operador\w*|representante)\b",
        r"\b(?:se ha unido|se unió) (?:a la|al) (?:conversación|chat)\b|\bha entrado en el chat\b",
        r"\b(?:estás|está usted|está) (?:ahora )?(?:hablando|chateando|conversando) con\b",
        r"\ben espera de (?:un|una) (?:agente|asesor\w*|operador\w*)\b",
    ),
    "bot_label": (
        r"\basistente\b",
        r"\bagente virtual\b|\brobot\b",
        r"\bautomátic[oa]s?\b|\bautomatizad[oa]s?\b",
        r"\bia\b|\binteligencia artificial\b",
        r"\bsistema\b|\bno[- ]responder\b",
    ),
    "sign_in": (
        r"\binici(?:ar|a|e) sesión\b|\binicio de sesión\b",
        r"\bidentif[ií]ca(?:te|rse|ción)\b|\bidentifíquese\b",
        r"\bregístr(?:ate|ese)\b|\bregistrarse\b|\bregistro\b|\bcrea(?:r)? (?:una |tu |su )?"
        r"cuenta\b",
        r"\bmi cuenta\b|\bárea (?:de )?(?:clientes|cliente|privada|personal)\b|\bzona (?:de )?"
        r"clientes\b",
        r"\b(?:acceder|accede|acceda) a (?:tu|su|mi) cuenta\b|\bacceso (?:de )?(?:clientes"
        r"|usuarios)\b",
        r"\bolvidaste (?:tu )?contraseña\b|\bbienvenid[oa] de nuevo\b|\bautentica\w*\b",
    ),
    "error_page": (
        r"\bups\b|¡\s*(?:vaya|uy|huy)\b",
        r"\bno encontrad[ao]\b|\bno se (?:ha )?(?:podido |puede |pudo )?encontrar\b",
        r"\bpágina (?:\w+ ){0,4}(?:no existe|ya no existe|no está disponible)\b",
        r"\balgo (?:salió|ha salido|ha ido|fue) mal\b",
        r"\b(?:se ha producido|ha ocurrido|ocurrió|se produjo|hubo) (?:un )?(?:\w+ )?error\b",
        r"\berror (?:interno del servidor|del servidor|interno)\b",
        r"\b(?:servicio|sitio|página|servidor|web)\b[^.!?\n]{0,30}\bno (?:está )?disponible\b"
        r"|\b(?:temporalmente|momentáneamente) (?:no disponible|fuera de servicio|inaccesible)\b"
        r"|\bno disponible temporalmente\b",
        r"\ben mantenimiento\b|\bmantenimiento programado\b|\btareas de mantenimiento\b",
        r"\b(?:inténtalo|inténtelo|vuelve a intentarlo|vuelva a intentarlo|intenta|intente)\b"
        r"[^.!?\n]{0,20}\bmás tarde\b",
        r"\bacceso denegado\b|\b(?:problemas|dificultades) técnic[oa]s\b",
    ),
    "captcha": (
        rf"\bno soy un robot{_ALONE}",
        rf"\bque (?:no eres|no es usted|usted no es|no es) un robot{_ALONE}|\bque (?:eres|es usted"
        rf"|usted es) (?:un )?(?:ser )?humano{_ALONE}",
        r"\bverificación (?:de seguridad|humana)\b|\bverifica(?:ndo|mos)? (?:que|si) (?:eres"
        r"|es usted|usted es)\b|\bcomprobando si la conexión\b",
        r"\b(?:escribe|introduce|ingresa|escriba|introduzca|ingrese) (?:los|el|las) (?:caracteres"
        r"|letras|números|código|texto|palabras)\b[^.!?\n]{0,30}\b(?:que ves|que ve|de la imagen"
        r"|mostrad[oa]s|que aparecen)\b",
        r"\b(?:mantén|mantenga|mantener) (?:pulsado|presionado)\b",
        r"\b(?:resuelve|resuelva|completa|complete) (?:el )?(?:re)?captcha\b|\beres (?:un )?"
        r"(?:robot|humano)\s*\?",
    ),
}
