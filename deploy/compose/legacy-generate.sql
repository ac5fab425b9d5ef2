-- docker compose's legacy profile: the demo legacy database at scale 1 (legacy-demo.sql has the schema and the generator)
SELECT legacy_demo_generate(1);
