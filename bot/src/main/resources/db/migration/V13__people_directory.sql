-- The database part of the one directory of people and groups (docs/web.md, "People and groups"): people added at
-- run time on the dashboard's People page or with `opsbook users add`, their chat accounts and group membership.
-- people.yaml (and the legacy groups.properties) under OPSBOOK_HOME are read beside these tables.

CREATE TABLE person (
    id            text PRIMARY KEY,
    slack_user    text UNIQUE,
    discord_user  text UNIQUE,
    web_login     text UNIQUE,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL
);

CREATE TABLE group_member (
    group_name  text        NOT NULL,
    person_id   text        NOT NULL,
    added_at    timestamptz NOT NULL,
    added_by    text        NOT NULL,
    PRIMARY KEY (group_name, person_id)
);
CREATE INDEX group_member_person ON group_member (person_id);

-- web users kept their groups in web_user.groups (V9); the directory owns membership from now on
INSERT INTO group_member (group_name, person_id, added_at, added_by)
SELECT DISTINCT g, name, created_at, created_by FROM web_user, unnest(groups) AS g
ON CONFLICT DO NOTHING;
UPDATE web_user SET groups = '{}';
COMMENT ON COLUMN web_user.groups IS 'unused since V13: group membership lives in group_member';
