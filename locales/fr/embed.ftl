# Les widgets publics et les cadres intégrés à d'autres sites (embed::{fragments,
# comments, frame_views, session_views}). Français.

embed-no-topics = Aucun sujet pour l'instant.
embed-more-in = Plus dans { $community } →
embed-answers = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
embed-replies = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
embed-state-unanswered = Sans réponse
embed-state-answered = Répondu
embed-state-solved = Résolu

# /admin/embedding (src/embed/sites_views.rs).
embed-admin-title = Intégration
embed-admin-connect = Parley Connect
embed-admin-connect-about = Parley Connect connecte les visiteurs de votre propre site web dans les widgets intégrés, même quand le navigateur bloque les cookies tiers : votre serveur signe, avec le secret du site, une courte attestation sur le visiteur connecté, puis Parley la vérifie et relie le visiteur à un compte de la communauté par l'identifiant utilisateur de votre site (jamais par la seule adresse e-mail).
embed-admin-connect-secrets = Chaque site hôte ci-dessous a son propre secret, affiché une seule fois à sa création ou à son renouvellement.
embed-admin-sites = Sites hôtes
embed-admin-no-sites = Aucun site hôte pour l'instant
embed-admin-no-sites-hint = Ajoutez votre site web ci-dessous pour utiliser Parley Connect.
embed-admin-name = Nom
embed-admin-site-id = Identifiant du site
embed-admin-origins = Origines
embed-admin-origins-hint = Une par ligne, par exemple https://www.example.com : les pages dont les widgets peuvent connecter des visiteurs.
embed-admin-created = Créé le
embed-admin-status = État
embed-admin-actions = Actions
embed-admin-revoked = révoqué le { $date }
embed-admin-active = actif
embed-admin-rotate = Renouveler le secret
embed-admin-rotate-for = Renouveler le secret de { $name }
embed-admin-revoke = Révoquer
embed-admin-revoke-for = Révoquer { $name }
embed-admin-new = Nouveau site hôte
embed-admin-create = Créer le site hôte
embed-admin-on-server = Sur votre serveur
embed-admin-snippet-where = Placez l'attestation dans l'attribut connect du widget :
embed-admin-snippet-each = Créez-en une nouvelle à chaque affichage de page.
embed-admin-secret-title = Secret du site hôte
embed-admin-secret-of = Secret de { $name }
embed-admin-secret-copy = Copiez-le maintenant : il ne sera plus affiché.
embed-admin-secret-keep = Gardez-le uniquement sur votre serveur (dans une variable d'environnement), jamais dans une page.
embed-admin-site-id-label = Identifiant du site :
embed-admin-secret-label = Secret :
embed-admin-done = Terminé

# La section Intégration d'une sous-communauté (src/embed/settings.rs).
embed-settings-title = Intégration : { $community }
embed-settings-back = Paramètres : { $community }
embed-settings-heading = Afficher { $community } sur votre site web
embed-settings-off = L'intégration est désactivée : cette sous-communauté n'est pas publique. Les widgets, fragments et compteurs ne montrent que du contenu public ; une sous-communauté privée ne peut donc jamais être intégrée. Un administrateur peut la rendre publique depuis sa page de paramètres.
embed-settings-origins = Origines autorisées
embed-settings-origins-hint = Une par ligne, sous la forme schéma://hôte[:port], par exemple https://www.example.com. Ni chemin, ni joker. Aucune : rien ne peut intégrer cette sous-communauté.
embed-settings-prefixes = Préfixes d'URL des commentaires de page
embed-settings-prefixes-hint = Une URL http(s) absolue par ligne, par exemple https://www.example.com/produits/. Le fil de commentaires d'une page ne démarre que sous l'un de ces préfixes.
embed-settings-anonymous-ask = Les visiteurs anonymes voient le champ de question (ils se connectent pour publier)
embed-settings-save = Enregistrer
embed-settings-snippets = Extraits de code
embed-settings-no-origin = Ajoutez d'abord une origine autorisée : d'ici là, chaque widget de cette sous-communauté répond « introuvable ».
embed-settings-paste = Collez le chargeur une fois, puis les composants de votre choix. Personnalisez-les avec les propriétés CSS personnalisées :
embed-settings-line = ligne { $line } (« { $text } ») : { $why }
embed-settings-too-many = { $max } lignes au plus
embed-settings-fix = Corrigez : { $problems }.
embed-settings-why-wildcard = les jokers ne sont pas autorisés : indiquez chaque origine
embed-settings-why-too-long = plus de 300 caractères
embed-settings-why-not-origin = ce n'est pas une origine : écrivez schéma://hôte[:port]
embed-settings-why-scheme = seules les origines http et https peuvent intégrer
embed-settings-why-no-host = aucun hôte
embed-settings-why-credentials = une origine ne contient ni nom d'utilisateur ni mot de passe
embed-settings-why-path = une origine n'a ni chemin, ni requête, ni fragment : écrivez schéma://hôte[:port]
embed-settings-why-not-url = ce n'est pas une URL http(s) absolue
# Les titres des extraits (page de paramètres, page hôte de la démo).
embed-snippet-loader = Le chargeur (une fois par page)
embed-snippet-solved = Dernières questions résolues
embed-snippet-unanswered-count = Nombre de questions sans réponse
embed-snippet-ask = Poser une question à la communauté
embed-snippet-comments = Les commentaires de cette page
embed-snippet-comment-count = Le nombre de commentaires de cette page

# La page d'entreprise d'exemple de la démo (src/embed/demo_host.rs) : le texte de l'entreprise.
embed-demo-title = Widget Pro 3000 — Acme Widgets
embed-demo-products = Produits
embed-demo-community = Communauté
embed-demo-signed-in = Connectée au site d'Acme en tant que Dana Visitor : les widgets connectent Dana à la communauté avec Parley Connect.
embed-demo-sign-out = Se déconnecter
embed-demo-guest = Navigation en tant qu'invité.
embed-demo-sign-in = Se connecter au site d'Acme en tant que Dana (démo)
embed-demo-sign-in-why = pour commenter et poser des questions sans compte dans la communauté.
embed-demo-lead = Notre widget le plus rapide : une synchronisation deux fois plus rapide, des exports d'audit intégrés et une API que votre équipe connaît déjà.
embed-demo-price = 299 €
embed-demo-price-unit = par utilisateur et par an
embed-demo-note = Ceci est une page d'entreprise d'exemple, sur un autre site ({ $origin }), qui intègre la communauté hébergée à l'adresse { $parley }.
embed-demo-questions = Les questions de nos clients
embed-demo-unanswered = Sans réponse en ce moment :
embed-demo-solved = Dernières questions résolues
embed-demo-french = En français
embed-demo-ask = Poser une question à la communauté
embed-demo-comments = Commentaires sur cette page
embed-demo-events = Les événements des widgets sur cette page
embed-demo-events-help = Les widgets émettent parley:asked, parley:similar-clicked et parley:commented comme événements DOM : vos outils d'analyse peuvent les écouter.
embed-demo-snippets = Les extraits de code de cette page
embed-demo-snippet-french = Une liste en français

# Les commentaires (src/embed/comments.rs) et les cadres (src/embed/frame_views.rs,
# assets/embed/frame.js par data-texts).
embed-official = Officiel
embed-score = Score
embed-no-comments = Aucun commentaire pour l'instant. Lancez la discussion !
embed-earlier-comments = { $count ->
    [one] { $count } commentaire plus ancien dans la communauté
   *[other] { $count } commentaires plus anciens dans la communauté
}
embed-view-discussion = Voir cette discussion dans la communauté
embed-visit-community = Visiter la communauté
embed-frame-comments-title = Commentaires
embed-frame-ask-title = Poser une question à la communauté
embed-frame-sign-in = Se connecter
embed-frame-continue = Continuer dans la communauté
embed-frame-replying = Réponse à un commentaire.
embed-frame-cancel = Annuler
embed-frame-your-comment = Votre commentaire
embed-frame-post-comment = Publier le commentaire
embed-frame-sign-in-to-ask-short = Connectez-vous pour poser une question
embed-frame-your-question = Votre question
embed-frame-similar = Questions similaires
embed-frame-details = Détails
embed-frame-ask = Poser la question
embed-frame-thanks = Merci ! Vous recevrez un e-mail quand quelqu'un répondra.
embed-frame-see-question = Voir votre question
embed-frame-refused-title = Non autorisé
embed-frame-refused = Cette page n'a pas le droit d'afficher la communauté.
embed-frame-error = Un problème est survenu ({ $status }). Veuillez réessayer.
embed-frame-unreachable = Impossible de joindre la communauté. Vérifiez votre connexion.
embed-frame-signed-in-as = Compte : { $name }
embed-frame-popup-blocked = Autorisez les fenêtres pop-up pour vous connecter, ou continuez dans la communauté.
embed-frame-session-ended = Votre session a pris fin. Reconnectez-vous.
embed-frame-vote-up = Voter pour
embed-frame-reply = Répondre
embed-frame-reload-failed = Les commentaires n'ont pas pu être rechargés. Rechargez la page.
embed-frame-sign-in-to-vote = Connectez-vous pour voter.
embed-frame-sign-in-to-comment = Connectez-vous pour commenter.
embed-frame-sign-in-to-ask = Connectez-vous pour poser votre question.
embed-frame-comment-held = Votre commentaire apparaîtra après vérification
embed-frame-question-held = Votre question apparaîtra après vérification

# La fenêtre de connexion (src/embed/session_views.rs).
embed-signin-title = Continuer sur la page
embed-signin-heading = Continuer en tant que { $name } sur { $community } ?
embed-signin-explain = La page qui a ouvert cette fenêtre pourra publier dans { $community } en votre nom, jusqu'à ce que vous la fermiez ou pendant 12 heures.
embed-signin-continue = Continuer en tant que { $name }
embed-signin-done-title = Connexion réussie
embed-signin-done-heading = Connexion réussie
embed-signin-done-return = La connexion a réussi ; revenez à la page.

# Le chargeur des widgets (parley.js) : une liste de sujets qui n'a pas pu être chargée.
embed-loader-failed = Les sujets de la communauté n'ont pas pu être chargés.
embed-admin-edit = Modifier
embed-admin-edit-for = Modifier { $name }
embed-admin-edit-title = Modifier le site hôte
embed-admin-save = Enregistrer
embed-admin-back = ← Intégration
