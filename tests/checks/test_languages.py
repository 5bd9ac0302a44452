"""The built-in phrase families in every shipped language (SPEC §2 "Languages").

Each phrasing is worded the way real support sites in that language word it (formal and
informal address, active and passive), never the demo site's wording. Negatives are the
texts that sit next to them on the same pages and must not be mistaken for them.
"""

from __future__ import annotations

import pytest

from runner.patterns import FAMILIES, LANGUAGES, Patterns, first_match, language_of, normalise
from runner.phrases import PHRASES

PATTERNS = Patterns.from_settings({})


def matches(family: str, language: str | None, text: str) -> str | None:
    found = first_match(PATTERNS.family(family, language), normalise(text))
    return found.group(0) if found else None


SAYS: dict[str, dict[str, list[str]]] = {
    "de": {
        "acknowledgement": [
            "Vielen Dank! Ihre Anfrage ist bei uns eingegangen.",
            "Wir haben Ihre Nachricht erhalten und kümmern uns darum.",
            "Deine Nachricht wurde erfolgreich übermittelt.",
            "Ihre Anfrage wurde an unser Kundenservice-Team weitergeleitet.",
            "Sie erhalten in Kürze eine Eingangsbestätigung per E-Mail.",
            "Wir werden uns schnellstmöglich bei Ihnen melden.",
        ],
        "promise": [
            "Wir melden uns innerhalb von 24 Stunden.",
            "Du bekommst innerhalb eines Werktages eine Antwort.",
            "Ein Mitarbeiter ruft Sie spätestens morgen zurück.",
            "Unsere Antwortzeit beträgt in der Regel 2-3 Werktage.",
            "Sie hören in den nächsten 48 Stunden von uns.",
            "Wir antworten in wenigen Minuten.",
            "Sie erhalten noch heute eine Rückmeldung.",
            "Wir melden uns bis Freitag bei dir.",
        ],
        "apology": [
            "Das tut mir wirklich leid.",
            "Es tut uns sehr leid, dass Ihre Lieferung beschädigt ankam.",
            "Bitte entschuldigen Sie die Unannehmlichkeiten.",
            "Wir bedauern den Vorfall sehr.",
            "Das ist natürlich sehr ärgerlich für dich.",
            "Das hätte nicht passieren dürfen.",
        ],
        "complaint": [
            "Das Paket kam beschädigt an.",
            "Der Wasserkocher funktioniert nicht mehr.",
            "Meine Bestellung ist immer noch nicht angekommen.",
            "Ich habe die falsche Größe bekommen.",
            "Ich möchte eine Rückerstattung.",
            "Mir wurde der Betrag zweimal abgebucht.",
        ],
        "handoff": [
            "Ich verbinde Sie jetzt mit einem Mitarbeiter.",
            "Ich leite dich an einen Kollegen weiter.",
            "Einen Moment bitte, ein Mitarbeiter wird gleich für Sie da sein.",
            "Sie werden mit dem nächsten verfügbaren Berater verbunden.",
            "Jana ist dem Chat beigetreten.",
            "Sie chatten jetzt mit Jana.",
        ],
        "bot_label": ["Virtueller Assistent", "KI-Assistent", "Automatische Antwort",
                      "Systemnachricht"],
        "sign_in": ["Anmelden", "Bitte loggen Sie sich ein", "Jetzt registrieren",
                    "Mein Konto", "Kundenkonto anlegen", "Passwort vergessen?"],
        "error_page": [
            "Seite nicht gefunden",
            "Hoppla! Da ist etwas schiefgelaufen.",
            "Es ist ein unerwarteter Fehler aufgetreten.",
            "Diese Seite existiert leider nicht mehr.",
            "Wir führen gerade Wartungsarbeiten durch.",
            "Bitte versuchen Sie es später erneut.",
            "Der Dienst ist vorübergehend nicht verfügbar.",
        ],
        "captcha": [
            "Ich bin kein Roboter",
            "Bitte bestätigen Sie, dass Sie kein Roboter sind.",
            "Sicherheitsabfrage",
            "Geben Sie die angezeigten Zeichen ein.",
            "Gedrückt halten",
        ],
    },
    "fr": {
        "acknowledgement": [
            "Merci, votre message a bien été envoyé.",
            "Nous avons bien reçu votre demande.",
            "Votre demande a été prise en compte.",
            "Votre réclamation est enregistrée sous la référence 4471.",
            "Merci de nous avoir contactés !",
            "Notre équipe reviendra vers vous dans les meilleurs délais.",
            "On te répond très vite.",
        ],
        "promise": [
            "Nous vous répondrons sous 48 heures.",
            "Réponse sous 48h ouvrées.",
            "Un conseiller vous rappellera dans la journée.",
            "Nous reviendrons vers toi d'ici demain.",
            "Vous recevrez une réponse dans un délai de 2 jours ouvrés.",
            "Délai de réponse moyen : 24 h",
            "Nous vous contacterons dans les prochaines heures.",
            "Nous vous répondrons en moins d'une heure.",
        ],
        "apology": [
            "Nous sommes vraiment désolés pour ce désagrément.",
            "Toutes nos excuses pour ce retard.",
            "Je suis désolée, cela n'aurait pas dû arriver.",
            "Veuillez nous excuser pour la gêne occasionnée.",
            "Je comprends votre frustration.",
        ],
        "complaint": [
            "Mon colis est arrivé endommagé.",
            "La bouilloire ne fonctionne plus.",
            "Je n'ai toujours pas reçu ma commande.",
            "Il manque un article dans le carton.",
            "J'ai reçu la mauvaise taille.",
            "Je souhaite être remboursé.",
            "J'ai été débité deux fois.",
        ],
        "handoff": [
            "Je vous mets en relation avec un conseiller.",
            "Je te transfère à un collègue.",
            "Un conseiller va vous rejoindre dans quelques instants.",
            "Vous êtes en attente d'un conseiller.",
            "Camille a rejoint la conversation.",
            "Vous êtes maintenant en ligne avec Camille.",
        ],
        "bot_label": ["Assistant virtuel", "Assistante virtuelle", "Réponse automatique",
                      "Agent conversationnel", "IA"],
        "sign_in": ["Se connecter", "Connexion", "Identifiez-vous", "Créer un compte",
                    "Mon compte", "Espace client", "Mot de passe oublié ?"],
        "error_page": [
            "Page introuvable",
            "Oups ! La page que vous recherchez n'existe pas.",
            "Une erreur est survenue.",
            "Une erreur inattendue s'est produite.",
            "Erreur interne du serveur",
            "Service temporairement indisponible",
            "Site en maintenance",
            "Veuillez réessayer plus tard.",
        ],
        "captcha": [
            "Je ne suis pas un robot",
            "Veuillez confirmer que vous n'êtes pas un robot.",
            "Vérification de sécurité",
            "Saisissez les caractères que vous voyez dans l'image.",
            "Appuyez et maintenez le bouton",
        ],
    },
    "es": {
        "acknowledgement": [
            "Gracias, hemos recibido tu solicitud.",
            "Tu mensaje ha sido enviado correctamente.",
            "Su consulta ha sido registrada con el número 8812.",
            "Solicitud enviada con éxito.",
            "Nos pondremos en contacto contigo lo antes posible.",
            "Le responderemos a la mayor brevedad.",
            "Se ha creado el ticket 5520.",
        ],
        "promise": [
            "Te responderemos en un plazo de 24 horas.",
            "Le contestaremos en un plazo máximo de 48 horas.",
            "Recibirás respuesta en las próximas horas.",
            "Nuestro equipo te responderá dentro de 2 días hábiles.",
            "Te llamaremos mañana.",
            "Respuesta en menos de una hora.",
            "Te contestaremos antes del viernes.",
        ],
        "apology": [
            "Lo sentimos mucho.",
            "Disculpa las molestias.",
            "Le pedimos disculpas por el retraso.",
            "Lamentamos lo ocurrido.",
            "Entiendo lo frustrante que es.",
            "Esto no debería haber pasado.",
        ],
        "complaint": [
            "El paquete llegó dañado.",
            "La cafetera no funciona.",
            "Todavía no me ha llegado el pedido.",
            "Me enviaron la talla equivocada.",
            "Quiero un reembolso.",
            "Me cobraron dos veces.",
        ],
        "handoff": [
            "Te transfiero con un agente.",
            "Le paso con un compañero del equipo.",
            "Un asesor se unirá a la conversación en breve.",
            "Estás en espera del próximo agente disponible.",
            "Lucía se ha unido al chat.",
            "Ahora estás hablando con Lucía.",
        ],
        "bot_label": ["Asistente virtual", "Respuesta automática", "Agente virtual",
                      "Sistema"],
        "sign_in": ["Iniciar sesión", "Inicia sesión para continuar", "Regístrate",
                    "Crear una cuenta", "Mi cuenta", "¿Olvidaste tu contraseña?"],
        "error_page": [
            "Página no encontrada",
            "¡Ups! Algo salió mal.",
            "Se ha producido un error inesperado.",
            "Error interno del servidor",
            "Servicio no disponible temporalmente",
            "Estamos en mantenimiento.",
            "Inténtalo de nuevo más tarde.",
        ],
        "captcha": [
            "No soy un robot",
            "Confirma que no eres un robot.",
            "Verificación de seguridad",
            "Escribe los caracteres que ves en la imagen.",
            "Mantén pulsado el botón",
        ],
    },
    "it": {
        "acknowledgement": [
            "Grazie, abbiamo ricevuto la tua richiesta.",
            "Il tuo messaggio è stato inviato correttamente.",
            "La sua richiesta è stata presa in carico.",
            "Richiesta inviata con successo.",
            "Ti ricontatteremo al più presto.",
            "Un nostro operatore ti contatterà a breve.",
            "La ringraziamo per averci contattato.",
        ],
        "promise": [
            "Ti risponderemo entro 24 ore.",
            "Ti ricontatteremo entro un'ora.",
            "Riceverai una risposta entro 2 giorni lavorativi.",
            "La contatteremo nelle prossime 48 ore.",
            "Ti richiameremo in giornata.",
            "Ti rispondiamo in pochi minuti.",
            "Ti risponderemo entro domani.",
        ],
        "apology": [
            "Ci scusiamo per il disagio.",
            "Mi dispiace molto per quanto accaduto.",
            "Siamo spiacenti per l'inconveniente.",
            "Scusaci per il ritardo.",
            "Capisco la tua frustrazione.",
            "Non sarebbe dovuto succedere.",
        ],
        "complaint": [
            "Il pacco è arrivato danneggiato.",
            "La lavatrice non si accende.",
            "Non ho ancora ricevuto il mio ordine.",
            "Mi avete mandato la taglia sbagliata.",
            "Vorrei un rimborso.",
            "Mi è stato addebitato due volte.",
        ],
        "handoff": [
            "Ti metto in contatto con un operatore.",
            "Ti trasferisco a un collega.",
            "Un operatore si unirà alla chat a breve.",
            "Resta in attesa del primo operatore disponibile.",
            "Giulia si è unita alla conversazione.",
            "Ora stai parlando con Giulia.",
        ],
        "bot_label": ["Assistente virtuale", "Risposta automatica", "Operatore virtuale",
                      "Sistema"],
        "sign_in": ["Accedi", "Effettua l'accesso", "Registrati", "Crea un account",
                    "Il mio account", "Area riservata", "Password dimenticata?"],
        "error_page": [
            "Pagina non trovata",
            "Ops! Qualcosa è andato storto.",
            "Si è verificato un errore.",
            "Errore interno del server",
            "Servizio temporaneamente non disponibile",
            "Sito in manutenzione",
            "Riprova più tardi.",
        ],
        "captcha": [
            "Non sono un robot",
            "Conferma di non essere un robot.",
            "Verifica di sicurezza",
            "Inserisci i caratteri che vedi nell'immagine.",
            "Tieni premuto il pulsante",
        ],
    },
    "nl": {
        "acknowledgement": [
            "Bedankt, we hebben je bericht ontvangen.",
            "Wij hebben uw vraag in goede orde ontvangen.",
            "Je aanvraag is succesvol verzonden.",
            "Uw bericht is verstuurd.",
            "We nemen zo snel mogelijk contact met je op.",
            "Je ontvangt een ontvangstbevestiging per e-mail.",
            "Dank je wel voor je bericht!",
        ],
        "promise": [
            "We reageren binnen 2 werkdagen.",
            "Je hoort binnen 24 uur van ons.",
            "Een medewerker neemt binnen één werkdag contact met u op.",
            "Wij bellen je morgen terug.",
            "U ontvangt uiterlijk vrijdag een reactie.",
            "We reageren binnen het uur.",
            "Onze reactietijd is gemiddeld 4 uur.",
        ],
        "apology": [
            "Sorry voor het ongemak.",
            "Onze excuses voor de vertraging.",
            "Het spijt me dat dit is gebeurd.",
            "Wat vervelend om te horen!",
            "Dat had niet mogen gebeuren.",
            "Wij verontschuldigen ons voor de overlast.",
        ],
        "complaint": [
            "Het pakket was beschadigd.",
            "De stofzuiger werkt niet meer.",
            "Ik heb mijn bestelling nog steeds niet ontvangen.",
            "Ik heb de verkeerde maat gekregen.",
            "Ik wil mijn geld terug.",
            "Er is dubbel afgeschreven van mijn rekening.",
        ],
        "handoff": [
            "Ik verbind je door met een medewerker.",
            "Ik zet je door naar een collega.",
            "Een medewerker neemt het gesprek over.",
            "Je wacht op de eerstvolgende beschikbare medewerker.",
            "Sanne heeft zich bij het gesprek gevoegd.",
            "Je chat nu met Sanne.",
        ],
        "bot_label": ["Virtuele assistent", "Digitale assistent", "Automatisch antwoord",
                      "Systeembericht"],
        "sign_in": ["Inloggen", "Log in op je account", "Registreren", "Account aanmaken",
                    "Mijn account", "Wachtwoord vergeten?"],
        "error_page": [
            "Pagina niet gevonden",
            "Oeps! Er is iets misgegaan.",
            "Er is een fout opgetreden.",
            "Deze pagina bestaat niet meer.",
            "Interne serverfout",
            "Wegens onderhoud tijdelijk niet bereikbaar.",
            "Probeer het later opnieuw.",
        ],
        "captcha": [
            "Ik ben geen robot",
            "Bevestig dat je geen robot bent.",
            "Beveiligingscontrole",
            "Typ de tekens die je ziet in de afbeelding.",
            "Ingedrukt houden",
        ],
    },
    "pt": {
        "acknowledgement": [
            "Obrigado, recebemos a sua mensagem.",
            "Obrigada pelo seu contacto!",
            "A sua mensagem foi enviada com sucesso.",
            "Sua solicitação foi registrada.",
            "Entraremos em contato o mais breve possível.",
            "O seu pedido foi encaminhado para a nossa equipa.",
            "Chamado aberto: 20931.",
        ],
        "promise": [
            "Responderemos em até 24 horas.",
            "A nossa equipa responde no prazo de 2 dias úteis.",
            "Entraremos em contacto nas próximas 48 horas.",
            "Retornaremos em até 1 dia útil.",
            "Ligaremos amanhã.",
            "Responderemos dentro de poucas horas.",
            "Você receberá uma resposta até sexta-feira.",
        ],
        "apology": [
            "Lamentamos o sucedido.",
            "Pedimos desculpa pelo incómodo.",
            "Desculpe pelo transtorno.",
            "Sentimos muito pelo atraso.",
            "Isso não deveria ter acontecido.",
            "Que chato, entendo perfeitamente.",
        ],
        "complaint": [
            "A encomenda chegou danificada.",
            "O aspirador não liga.",
            "Ainda não recebi o meu pedido.",
            "Recebi o tamanho errado.",
            "Quero o reembolso.",
            "Fui cobrado duas vezes.",
        ],
        "handoff": [
            "Vou transferir você para um atendente.",
            "Estou a encaminhar a sua conversa para um colega.",
            "Um atendente irá atendê-lo em breve.",
            "Aguarde o próximo atendente disponível.",
            "Mariana entrou na conversa.",
            "Você está falando com Mariana.",
        ],
        "bot_label": ["Assistente virtual", "Resposta automática", "Robô",
                      "Sistema"],
        "sign_in": ["Entrar", "Iniciar sessão", "Fazer login", "Cadastre-se", "Criar conta",
                    "Minha conta", "Esqueceu a sua senha?"],
        "error_page": [
            "Página não encontrada",
            "Ops! Algo deu errado.",
            "Algo correu mal.",
            "Ocorreu um erro inesperado.",
            "Erro interno do servidor",
            "Serviço temporariamente indisponível",
            "Estamos em manutenção.",
            "Tente novamente mais tarde.",
        ],
        "captcha": [
            "Não sou um robô",
            "Confirme que não é um robô.",
            "Verificação de segurança",
            "Digite os caracteres que você vê na imagem.",
            "Mantenha pressionado",
        ],
    },
}

# Text on the same pages that is not the thing: a form's own words, opening hours, a help
# article, a request to fill something in, a receipt that did not happen.
NOT: dict[str, dict[str, list[str]]] = {
    "de": {
        "acknowledgement": ["Kontakt", "Kontaktformular",
                            "Bitte füllen Sie alle Pflichtfelder aus.",
                            "Bitte bestätigen Sie Ihre E-Mail-Adresse.",
                            "Ihre Nachricht wurde nicht gesendet.",
                            "Schreiben Sie uns eine Nachricht.",
                            "Beim Senden ist ein Fehler aufgetreten.",
                            "Ihre Nachricht konnte nicht gesendet werden."],
        "promise": ["Unser Kundenservice ist Montag bis Freitag erreichbar.",
                    "Öffnungszeiten: Mo–Fr von 9 bis 18 Uhr",
                    "Guten Morgen!", "Ihre Nachricht ist eingegangen."],
        "apology": ["Leider ist dieser Artikel ausverkauft.", "Vielen Dank für Ihre Nachricht."],
        "complaint": ["Wann kommt meine Bestellung?", "Ich habe eine Frage zu Ihrem Angebot."],
        "handoff": ["Wie kann ich Ihnen helfen?", "Unsere Öffnungszeiten sind Mo–Fr 9–18 Uhr."],
        "bot_label": ["Jana", "Kundenservice", "Angebot"],
        "sign_in": ["Kontakt", "Hilfe & FAQ"],
        "error_page": ["Fehlercodes und ihre Bedeutung", "Versand und Lieferung",
                       "Kontaktieren Sie uns", "Artikel derzeit nicht verfügbar"],
        "captcha": ["Saugroboter kaufen", "Ihr Sicherheitscode auf der Kartenrückseite"],
    },
    "fr": {
        "acknowledgement": ["Contactez-nous", "Merci de remplir tous les champs obligatoires.",
                            "Merci d'indiquer une adresse e-mail valide.",
                            "Votre message n'a pas été envoyé.",
                            "Nos bureaux sont ouverts du lundi au vendredi.",
                            "Une erreur s'est produite lors de l'envoi de votre message.",
                            "Vos données sont transmises de manière sécurisée."],
        "promise": ["Nous vous répondrons dans les plus brefs délais.",
                    "Service client ouvert de 9h à 18h, du lundi au vendredi.",
                    "Nous avons bien reçu votre message."],
        "apology": ["Merci pour votre message.", "Malheureusement, cet article est épuisé."],
        "complaint": ["Quand vais-je recevoir ma commande ?", "J'ai une question sur un produit."],
        "handoff": ["Comment puis-je vous aider ?", "Paiement par virement bancaire accepté."],
        "bot_label": ["Camille", "Service client"],
        "sign_in": ["Contactez-nous", "Aide et FAQ"],
        "error_page": ["Comprendre les codes d'erreur", "Livraison et retours"],
        "captcha": ["Robot aspirateur", "Saisissez le code reçu par SMS."],
    },
    "es": {
        "acknowledgement": ["Contacto", "Por favor, rellena este campo.",
                            "No hemos recibido tu mensaje.", "Tu mensaje no ha sido enviado.",
                            "Escríbenos un mensaje.",
                            "Se ha producido un error al enviar el formulario."],
        "promise": ["Horario de atención: de lunes a viernes, de 9 a 18 h",
                    "Buenos días, esta mañana hemos abierto.",
                    "Te responderemos lo antes posible."],
        "apology": ["Gracias por tu mensaje.", "Envío gratuito a partir de 50 €."],
        "complaint": ["Buenas tardes, tengo una pregunta.", "¿Cuándo llega mi pedido?"],
        "handoff": ["¿En qué puedo ayudarte?",
                    "Te paso el enlace a nuestras preguntas frecuentes."],
        "bot_label": ["Lucía", "Atención al cliente"],
        "sign_in": ["Contacto", "Ayuda"],
        "error_page": ["Códigos de error explicados", "Envíos y devoluciones",
                       "Vaya a la sección de ayuda"],
        "captcha": ["Robot aspirador", "Introduce el código que te hemos enviado por SMS."],
    },
    "it": {
        "acknowledgement": ["Contattaci", "Compila tutti i campi obbligatori.",
                            "Il messaggio non è stato inviato.",
                            "Non abbiamo ricevuto il tuo messaggio.",
                            "Conferma il tuo indirizzo email.",
                            "Il messaggio non è stato inviato correttamente.",
                            "Si è verificato un errore durante l'invio."],
        "promise": ["Ti risponderemo al più presto.", "Buona giornata!",
                    "Siamo aperti dal lunedì al venerdì, dalle 9 alle 18.",
                    "Risponderemo entro breve."],
        "apology": ["Grazie per il tuo messaggio.", "Spedizione gratuita sopra i 50 €."],
        "complaint": ["Quando arriva il mio ordine?", "Ho una domanda su un prodotto."],
        "handoff": ["Come posso aiutarti?", "Ti passo il link alle domande frequenti."],
        "bot_label": ["Giulia", "Servizio clienti"],
        "sign_in": ["Contattaci", "Aiuto"],
        "error_page": ["Codici di errore spiegati", "Spedizioni e resi"],
        "captcha": ["Robot aspirapolvere", "Inserisci il codice ricevuto via SMS."],
    },
    "nl": {
        "acknowledgement": ["Neem contact met ons op", "Vul alle verplichte velden in.",
                            "We hebben je bericht niet ontvangen.",
                            "Bevestig je e-mailadres.",
                            "Je bericht is niet verzonden.",
                            "Er is iets misgegaan bij het versturen van je bericht."],
        "promise": ["We nemen zo snel mogelijk contact met je op.",
                    "Bereikbaar van maandag tot vrijdag, van 9.00 tot 17.00 uur.",
                    "Binnenkort hoor je van ons.", "Goedemorgen!"],
        "apology": ["Bedankt voor je bericht.", "Gratis verzending vanaf 20 euro."],
        "complaint": ["Wanneer komt mijn bestelling?", "Ik heb een vraag over een product."],
        "handoff": ["Waarmee kan ik je helpen?", "Onze klantenservice is bereikbaar op werkdagen."],
        "bot_label": ["Sanne", "Klantenservice"],
        "sign_in": ["Contact", "Veelgestelde vragen"],
        "error_page": ["Foutcodes uitgelegd", "Onderhoud en reiniging van je fiets",
                       "Verzenden en retourneren"],
        "captcha": ["Robotstofzuiger", "Voer de code in die we je per sms hebben gestuurd."],
    },
    "pt": {
        "acknowledgement": ["Contacte-nos", "Preencha todos os campos obrigatórios.",
                            "A sua mensagem não foi enviada.", "Campo obrigatório",
                            "Não recebemos a sua mensagem.",
                            "Ocorreu um erro ao enviar a sua mensagem."],
        "promise": ["Responderemos o mais breve possível.",
                    "Atendimento de segunda a sexta, das 9h até às 18h.",
                    "Em breve entraremos em contato."],
        "apology": ["Obrigado pela sua mensagem.", "Portes grátis acima de 50 €."],
        "complaint": ["Quando chega a minha encomenda?", "Tenho uma dúvida sobre um produto."],
        "handoff": ["Como posso ajudar?", "Aceitamos pagamento por transferência bancária."],
        "bot_label": ["Mariana", "Apoio ao cliente"],
        "sign_in": ["Entre em contato conosco", "Entrar em contato", "Ajuda"],
        "error_page": ["Códigos de erro explicados", "Envios e devoluções"],
        "captcha": ["Robô aspirador", "Digite o código que enviamos por SMS."],
    },
}

# Words that name no time (SPEC §3 no-response-promise), in every language.
VAGUE: dict[str, list[str]] = {
    "en": ["We will get back to you shortly.", "We'll be in touch soon.",
           "We will reply as soon as possible.", "You will hear from us in due course.",
           "We will respond at the earliest opportunity.", "We'll answer promptly."],
    "de": ["Wir melden uns in Kürze.", "Wir melden uns so bald wie möglich.",
           "Wir antworten schnellstmöglich.", "Wir melden uns zeitnah bei Ihnen.",
           "Sie hören bald von uns.", "Wir werden Ihre Anfrage umgehend bearbeiten.",
           "Wir melden uns baldmöglichst.", "Wir melden uns so schnell wie möglich."],
    "fr": ["Nous vous répondrons dans les plus brefs délais.", "Nous revenons vers vous bientôt.",
           "Nous vous recontacterons au plus vite.", "Nous vous répondrons dès que possible.",
           "Un conseiller vous contactera très prochainement.",
           "Nous vous répondrons dans les meilleurs délais.", "Réponse sous peu."],
    "es": ["Te responderemos lo antes posible.", "Nos pondremos en contacto en breve.",
           "Le contestaremos a la mayor brevedad.", "Te escribiremos pronto.",
           "Te responderemos cuanto antes.", "Le atenderemos en el menor tiempo posible."],
    "it": ["Ti risponderemo al più presto.", "Ti ricontatteremo a breve.",
           "Ti risponderemo il prima possibile.", "Ti contatteremo quanto prima.",
           "Risponderemo entro breve.", "Ti risponderemo in tempi brevi.",
           "Ti risponderemo nel più breve tempo possibile."],
    "nl": ["We nemen zo snel mogelijk contact met je op.", "Je hoort binnenkort van ons.",
           "Wij reageren zo spoedig mogelijk.", "We antwoorden z.s.m.",
           "We nemen op korte termijn contact op."],
    "pt": ["Responderemos o mais breve possível.", "Entraremos em contacto em breve.",
           "Responderemos assim que possível.", "Retornaremos o mais rápido possível.",
           "Daremos resposta com a maior brevidade.", "Entraremos em contato brevemente."],
}

CASES = [(language, family, text) for language, families in SAYS.items()
         for family, texts in families.items() for text in texts]
NON_CASES = [(language, family, text) for language, families in NOT.items()
             for family, texts in families.items() for text in texts]


def test_every_language_ships_every_family():
    assert set(PHRASES) == set(LANGUAGES) == {"en", "de", "fr", "es", "it", "nl", "pt"}
    for language, families in PHRASES.items():
        assert set(families) == set(FAMILIES), language


def test_at_least_three_real_phrasings_per_family_per_language():
    for language in LANGUAGES[1:]:
        for family in FAMILIES:
            assert len(SAYS[language][family]) >= 3, (language, family)
            assert NOT[language][family], (language, family)


@pytest.mark.parametrize(("language", "family", "text"), CASES)
def test_what_sites_say_is_recognised_in_their_language(language, family, text):
    assert matches(family, language, text), f"{language} {family}: {text!r}"


@pytest.mark.parametrize(("language", "family", "text"), CASES)
def test_the_language_own_phrases_do_the_work_not_english(language, family, text):
    """Each phrasing is caught by its own language's list (English is no accomplice)."""
    own = [pattern for pattern in PATTERNS.family(family, language)
           if pattern.pattern in {p for p in PHRASES[language][family]}]
    assert first_match(own, normalise(text)), f"{language} {family}: {text!r}"


@pytest.mark.parametrize(("language", "family", "text"), NON_CASES)
def test_neighbouring_text_is_not_mistaken(language, family, text):
    assert not matches(family, language, text), f"{language} {family}: {text!r}"


@pytest.mark.parametrize(("language", "text"),
                         [(language, text) for language, texts in VAGUE.items()
                          for text in texts])
def test_vague_words_are_no_promise(language, text):
    assert not matches("promise", language, text)


@pytest.mark.parametrize(("language", "text"),
                         [(language, text) for language, texts in VAGUE.items()
                          if language != "en" for text in texts])
def test_vague_words_are_no_promise_in_any_other_language_either(language, text):
    for other in LANGUAGES:
        assert not matches("promise", other, text), (language, other)


@pytest.mark.parametrize("text", [
    "We will reply in a few minutes.", "Expect an answer within the next hour.",
    "We'll get back to you by tomorrow.", "Allow one business day for a reply.",
])
def test_named_times_in_english_are_promises(text):
    assert matches("promise", None, text)


def test_a_chatbot_is_a_bot_in_every_language_but_an_offer_is_not():
    for language in LANGUAGES:
        assert matches("bot_label", language, "Chatbot")
        assert not matches("bot_label", language, "Angebot")


def test_english_stays_on_whatever_the_page_declares():
    for language in LANGUAGES:
        assert matches("acknowledgement", language, "Thanks, we have received your request.")
        assert matches("promise", language, "We reply within 2 business days.")


def test_other_languages_are_off_unless_declared():
    assert not matches("acknowledgement", None, "Vielen Dank! Ihre Anfrage ist eingegangen.")
    assert not matches("acknowledgement", "fr", "Vielen Dank! Ihre Anfrage ist eingegangen.")
    assert matches("acknowledgement", "de-DE", "Vielen Dank! Ihre Anfrage ist eingegangen.")


def test_an_unsupported_language_means_english_only():
    assert PATTERNS.family("promise", "ja") == PATTERNS.family("promise")
    assert PATTERNS.family("promise", "en") == PATTERNS.family("promise")


def test_shopper_yaml_patterns_extend_every_language():
    own = Patterns.from_settings({"promise": [r"\bbinnen een etmaal\b"]})
    assert first_match(own.family("promise", "nl"), "We reageren binnen een etmaal.")
    assert first_match(own.family("promise", "de"), "We reageren binnen een etmaal.")
    assert first_match(own.family("promise", "nl"), "We reageren binnen 2 werkdagen.")


def test_compiled_families_are_reused():
    first = PATTERNS.family("acknowledgement", "de")
    again = PATTERNS.family("acknowledgement", "de-AT")
    assert all(a is b for a, b in zip(first, again, strict=True))


@pytest.mark.parametrize(("declared", "language"), [
    ("de", "de"), ("de-DE", "de"), ("de-CH", "de"), ("pt_BR", "pt"), ("pt-PT", "pt"),
    ("FR", "fr"), ("fr-ca", "fr"), (" nl-BE ", "nl"), ("es-419", "es"), ("it", "it"),
    ("en-GB", "en"), ("en", "en"),
    ("", None), (None, None), ("ja", None), ("zh-Hans", None), ("x-klingon", None),
    ("english", None), ("deu", None), ("-", None),
])
def test_language_of_a_declared_html_lang(declared, language):
    assert language_of(declared) == language


def test_a_narrow_no_break_space_is_a_space():
    # French typography: "sous 48 h" and "Merci !" with U+202F.
    assert matches("promise", "fr", "Réponse sous 48\u202fh")
    assert normalise("Merci\u202f!") == "Merci !"


def test_decomposed_accents_match_composed_ones():
    assert matches("acknowledgement", "fr", "Votre demande a bien e\u0301te\u0301 envoye\u0301e.")
