-- The platform database's layout, for every way of running it (the embedded launcher, docker compose, a managed
-- PostgreSQL): per service a role that owns its schema and nothing else, and the relay's schema. Idempotent.
-- The passwords are the local defaults; a real deployment sets its own (ALTER ROLE ... PASSWORD) and the services'
-- *_DB_PASSWORD secrets.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
DO $$
DECLARE
    owner text;
BEGIN
    FOREACH owner IN ARRAY ARRAY['identity', 'profile', 'membership', 'billing', 'audit'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', owner, owner);
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', owner, owner);
        EXECUTE format('ALTER ROLE %I SET search_path = %I', owner, owner);
    END LOOP;
END $$;
-- audit's retention prunes old prefixes of its chains as this role, the only one the append-only trigger lets
-- delete (audit's migrations grant it what it needs when it exists before them)
DO $$
BEGIN
    CREATE ROLE audit_pruner LOGIN PASSWORD 'audit_pruner';
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE SCHEMA IF NOT EXISTS relay;
