"""Portuguese (pt): how support sites in Portugal and Brazil word things ("equipa"/"equipe",
"contacto"/"contato", "consigo"/"com você"). A "não" in front turns a receipt into its
opposite; "das 9h até às 18h" is opening hours, not a promise.
"""

from __future__ import annotations

_NUM = (r"(?:\d+(?:[,.]\d+)?|uma?|um|dois|duas|três|tres|quatro|cinco|seis|sete|oito|dez"
        r"|doze|quinze|vinte e quatro|quarenta e oito|setenta e duas|poucos|poucas|alguns"
        r"|algumas)")
_UNIT = r"(?:minutos?|min|horas?|h|hrs?|dias?|semanas?)(?:\s+(?:[úu]teis|corridos|laborais))?"
_DAY = r"(?:(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?|s[áa]bado|domingo)"
_ALONE = r"(?=\s*(?:$|[^\w\s]|(?:e|ou|por favor|antes|para)\b))"

FAMILIES: dict[str, tuple[str, ...]] = {
    "acknowledgement": (
        r"\bobrigad[oa]s?\b|\bagradec(?:emos|o)\b",
        r"(?<!\bnão )\brecebemos\b|(?<!\bnão )\b(?:já )?(?:foi|foram) recebid[oa]s?\b",
        r"(?<!\bnão )\b(?:foi|foram) (?:corretamente |devidamente |com sucesso )?(?:enviad"
        r"|registrad|criad|encaminhad|submetid|abert)[oa]s?\b",
        r"\b(?:mensagem|solicitação|pedido|pergunta|reclamação|ticket|formulário|e-?mail"
        r"|contacto|contato|chamado|caso|protocolo) (?:enviad|recebid|registrad|criad|abert)"
        r"[oa]s?\b",
        r"\b(?:enviad|submetid|registrad)[oa]s? com sucesso\b",
        r"\bconfirma(?:ção|cao)\b|\bconfirmamos\b",
        r"\b(?:entraremos|entramos|iremos entrar|vamos entrar) em conta(?:c)?to\b"
        r"|\b(?:responderemos|retornaremos|contactaremos|contataremos|ligaremos)\b"
        r"|\bdaremos (?:retorno|resposta)\b",
        r"\b(?:a nossa|nossa|um|uma) (?:equipa|equipe|assistente|consultor[a]?|agente"
        r"|atendente)\b[^.!?\n]{0,30}\b(?:irá|vai|entrará|responderá|retornará)\b",
        r"\b(?:será|vai ser) (?:\w+ )?(?:tratad|analisad|respondid|encaminhad)[oa]\b",
    ),
    "promise": (
        rf"\bem até {_NUM}\s*{_UNIT}\b",
        rf"\bprazo\b[^.!?\n]{{0,30}}?\b{_NUM}\s*{_UNIT}\b",
        rf"\bdentro (?:de|das|dos) (?:próxim[oa]s )?(?:{_NUM}\s*)?{_UNIT}\b",
        rf"\b(?:nas|nos) próxim[oa]s (?:{_NUM}\s*)?{_UNIT}\b",
        rf"\bem (?:menos de |cerca de |aproximadamente |no máximo )?{_NUM}\s*{_UNIT}\b",
        rf"(?<![\dh] )\b(?:até|antes de) (?:amanhã|ao final do dia|o final do dia|o fim do dia"
        rf"|ao fim do dia|{_DAY}|às \d{{1,2}}(?:[:h]\d\d)?h?)(?!\w)",
        rf"\b{_NUM}\s*dias? [úu]te(?:is|il)\b|\bdia [úu]til\b|\b(?:no )?(?:próximo|mesmo) dia"
        r" [úu]til\b|\bno mesmo dia\b",
        r"\bamanhã\b|\bhoje mesmo\b|\bainda hoje\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|hrs?\b|horas\b)",
    ),
    "apology": (
        r"\blament\w*\b",
        r"\bdesculp\w*\b",
        r"\bsent(?:imos|o) muito\b|\bsinto muito\b",
        r"\bperdão\b|\bperdoe\b|\bperdoa\b",
        r"\b(?:pelo|o|os|pelos) (?:transtorno|incómodo|incômodo|incomodo|inconveniente)s?\b"
        r"|\bque (?:chato|frustrante|pena)\b|\b(?:é|deve ser) (?:\w+ )?(?:frustrante|chato"
        r"|desagradável)\b",
        r"\bnão (?:deveria|devia) ter acontecido\b|\b(?:erro|falha) (?:nosso|nossa"
        r"|da nossa parte)\b",
    ),
    "complaint": (
        r"\b(?:danificad|quebrad|partid|avariad|estragad|defeituos|rachad|riscad|amassad|rasgad"
        r"|manchad|amolgad)[oa]s?\b|\bcom defeito\b",
        r"\bnão (?:\w+ )?(?:funciona|liga|carrega|arranca|fecha|serve|acende)\b",
        r"\b(?:não|nunca) (?:\w+ ){0,2}(?:cheg\w+|receb\w+|entreg\w+)\b",
        r"\batras\w*\b|\bdemora\w*\b",
        r"\b(?:falta|faltam|em falta|extraviad[oa]s?|perdid[oa]s?|desaparecid[oa]s?)\b",
        r"\b(?:tamanho|cor|produto|artigo|modelo|encomenda|pedido|morada|endereço|item|número)"
        r"\s(?:\w+ )?(?:errad|trocad|incorret)[oa]s?\b|\bnão é o que (?:eu )?(?:encomendei|pedi"
        r"|comprei)\b",
        r"\breembols\w*\b|\bdevolução do (?:meu )?dinheiro\b|\bdinheiro de volta\b|\bestorno\b"
        r"|\bindemniza\w*\b|\bcompensação\b",
        r"\bcobrad[oa]s? (?:\w+ )?(?:duas vezes|2 vezes|em dobro|a mais)\b|\bcobrança (?:duplicada"
        r"|em dobro|indevida)\b",
        r"\breclama\w*\b|\bqueixa\b|\binaceitável\b|\binadmissível\b|\bdesiludid[oa]\b"
        r"|\bdecepcionad[oa]\b|\binsatisfeit[oa]\b|\bpéssim[oa]\b|\bindignad[oa]\b",
        r"\b(?:um |o )?(?:problema|defeito) (?:com|na|no|em)\b",
    ),
    "handoff": (
        r"\b(?:vou|vamos|estou a|estamos a|estou|estamos) (?:\w+ )?(?:transferi\w*|encaminha\w*"
        r"|passa(?:r|ndo))\b",
        r"\btransferi(?:r|ndo)(?:-(?:o|a|te|lo|la))? (?:você |a sua |sua |o seu |seu )?(?:para"
        r"|ao|à|com)\b",
        r"\b(?:atendente|assistente|colega|consultor[a]?|agente|operador[a]?|humano|pessoa"
        r"|especialista|alguém da (?:nossa )?equipe|membro da (?:nossa )?equip[ae])\b[^.!?\n]"
        r"{0,40}\b(?:irá (?:atendê|atende|falar|responder|ajudar|assumir)|vai (?:atender|falar"
        r"|responder|ajudar|assumir|entrar)|entrará|assumirá|estará (?:consigo|com você))",
        r"\bpróxim[oa] (?:atendente|assistente|agente|consultor[a]?|operador[a]?|colega)"
        r" disponível\b",
        r"\b(?:entrou|juntou-se|aderiu) (?:na|à|ao) (?:conversa|chat)\b",
        r"\b(?:está|estás) (?:agora )?(?:a falar|falando|a conversar|conversando) com\b",
        r"\b(?:aguardando|em espera por|a aguardar) (?:um|uma) (?:atendente|assistente|agente"
        r"|operador\w*)\b",
    ),
    "bot_label": (
        r"\bassistente\b",
        r"\b(?:agente|atendente) virtual\b|\brob[ôo]\b",
        r"\bautomátic[oa]s?\b|\bautomatizad[oa]s?\b",
        r"\bia\b|\binteligência artificial\b",
        r"\bsistema\b|\bnão (?:responda|responder)\b",
    ),
    "sign_in": (
        r"\biniciar sessão\b|\binicie sessão\b|\bfa(?:zer|ça) login\b|\bentrar\b(?! em"
        r" conta(?:c)?to)",
        r"\bace(?:ss|d)(?:a|e|ar) (?:à |a )?(?:sua|minha|tua) conta\b",
        r"\bcadastr\w*\b|\bregist(?:e|r)e-se\b|\bcriar (?:uma )?conta\b|\bcrie (?:a sua |sua )?"
        r"conta\b",
        r"\b(?:a )?minha conta\b|\bárea (?:de |do )?cliente\b|\bárea reservada\b",
        r"\besqueceu (?:a )?(?:sua )?(?:senha|palavra-passe)\b|\bbem-vind[oa] de volta\b"
        r"|\bautentica\w*\b",
    ),
    "error_page": (
        r"\b(?:ops|ups)\b",
        r"\bnão encontrad[oa]\b|\bnão (?:foi possível|conseguimos) encontrar\b",
        r"\bpágina (?:\w+ ){0,4}(?:não existe|já não existe|não está disponível|indisponível)\b",
        r"\balgo (?:deu|correu|saiu) (?:errado|mal)\b",
        r"\b(?:ocorreu|houve|aconteceu) (?:um )?(?:\w+ )?erro\b",
        r"\berro (?:interno(?: do servidor)?|do servidor|inesperado)\b",
        r"\b(?:temporariamente|momentaneamente) (?:indisponível|fora do ar|fora de serviço"
        r"|inacessível)\b|\b(?:serviço|site|página|servidor|loja)\b[^.!?\n]{0,30}"
        r"\b(?:indisponível|fora do ar)\b",
        r"\bem manutenção\b|\bmanutenção (?:programada|em curso)\b",
        r"\btent(?:e|a|ar) (?:novamente |de novo |outra vez )?mais tarde\b",
        r"\bacesso negado\b|\b(?:problemas|dificuldades) técnic[oa]s\b",
    ),
    "captcha": (
        rf"\bnão sou um rob[ôo]{_ALONE}",
        rf"\bque (?:não é|não és|você não é) um rob[ôo]{_ALONE}|\b(?:que|se) (?:é|és|você é)"
        rf" (?:um )?(?:ser )?humano{_ALONE}",
        r"\bverificação (?:de segurança|humana)\b|\bverificando se (?:você|a (?:sua )?conexão)\b",
        r"\b(?:digite|introduza|insira|escreva) (?:os|o|as) (?:caracteres|letras|números|código"
        r"|texto|palavras)\b[^.!?\n]{0,30}(?:\bque (?:você )?vê\b|\bda imagem\b|\bna imagem\b"
        r"|\bmostrad[oa]s\b|\bexibid[oa]s\b)",
        r"\b(?:mantenha|manter) (?:pressionado|premido|carregado)\b|\bpressione e segure\b"
        r"|\bprima sem soltar\b",
        r"\b(?:resolva|complete|preencha) o (?:re)?captcha\b|\b(?:você é|és) (?:um )?(?:robô"
        r"|humano)\s*\?",
    ),
}
