# Messages of the `parley` command (cli.rs, the demo's progress bar), in the language
# of PARLEY_LANG or LANG. English.

cli-error = error: { $error }
cli-config-error = error: configuration: { $error }
cli-migrations-applied = { $count ->
    [one] Applied { $count } migration to { $database }
   *[other] Applied { $count } migrations to { $database }
}
cli-database-up-to-date = Database is up to date.
cli-schema-current = schema is current ({ $database }).
cli-migrations-pending = { $count ->
    [one] { $count } migration pending on { $database }:
   *[other] { $count } migrations pending on { $database }:
}
cli-reindexed = Search index rebuilt: { $count } posts in { $seconds } s.
cli-user-created = Created { $role } account { $username } ({ $id }).
cli-token-created = Created token { $name } for { $username } (scopes: { $scopes }; expires { $date }).
cli-token-shown-once = It is shown only this once:
cli-token-no-member = no member is named { $username }
cli-token-no-community = no sub-community among { $communities } that { $username } can see
cli-token-refused = { $username } may not have { $kind } API tokens (is the address confirmed? service tokens are for admins)
cli-serve-addresses = Parley: { $url }
cli-serve-demo-host = Demo host page (another site embedding the widgets): { $url }
cli-demo-brand = brand
cli-demo-roles = roles
cli-demo-topics = topics
cli-demo-done = done
