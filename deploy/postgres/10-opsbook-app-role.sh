#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d): creates
# opsbook's least-privileged application role. The schema belongs to POSTGRES_USER, which opsbook uses
# only to migrate (OPSBOOK_DB_MIGRATION_USER); after each migration opsbook grants the application role
# what it needs and nothing more: no UPDATE, DELETE or TRUNCATE on the audit log (docs/audit-log.md).
set -eu
# The same password as the owner's: docker-compose.yml gives the opsbook container both roles (it migrates).
psql -v ON_ERROR_STOP=1 -v app_password="$POSTGRES_PASSWORD" \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE opsbook_app LOGIN PASSWORD :'app_password';
SQL
