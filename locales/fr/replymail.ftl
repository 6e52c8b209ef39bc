# The answers to a reply by email that was not posted, or was held (reply_mail::answer),
# in the sender's language. French.

replymail-refused-subject = Votre réponse n'a pas été publiée
replymail-refused-lead = Nous n'avons pas publié votre réponse par e-mail.
replymail-held-subject = Votre réponse attend une validation
replymail-held-lead = Nous avons bien reçu votre réponse par e-mail.
replymail-subject-about = { $subject } : { $title }

## Why, by reason code
replymail-why-invalid-token = Cette adresse de réponse n'est pas valide. Répondez depuis le site.
replymail-why-expired = Cette adresse de réponse a expiré (elles durent 30 jours). Répondez depuis le site.
replymail-why-sender-mismatch = Cette adresse de réponse appartient à un autre membre : seul le destinataire du message peut l'utiliser.
replymail-why-suspended = Votre compte est suspendu : vous ne pouvez pas publier pour le moment.
replymail-why-locked = Ce sujet est verrouillé : il n'accepte plus de réponses.
replymail-why-not-visible = Ce sujet n'existe plus ou ne vous est plus visible.
replymail-why-not-allowed = Vous ne pouvez pas répondre à ce sujet.
replymail-why-policy = Votre message contient quelque chose que les règles de la communauté interdisent de publier.
replymail-why-too-large = Votre message est trop long pour être publié.
replymail-why-empty = Nous n'avons trouvé aucun texte de votre part au-dessus de la citation.
replymail-why-rate-limited = Vous avez publié trop de messages récemment. Réessayez plus tard.
replymail-why-held = Votre réponse est publiée mais attend la validation d'un modérateur.
replymail-why-other = Votre message n'a pas pu être publié.
replymail-held-policy = Elle contient quelque chose que les règles de la communauté font vérifier avant publication (par exemple un numéro de carte bancaire).
