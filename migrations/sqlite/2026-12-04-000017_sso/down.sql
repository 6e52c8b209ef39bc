DROP TABLE sso_role_grants;
DROP TABLE sso_pending_links;
DROP TABLE sso_flows;
DROP TABLE sso_identities;
DROP TABLE sso_site;
DROP TABLE sso_mappings;
DROP TABLE sso_providers;
