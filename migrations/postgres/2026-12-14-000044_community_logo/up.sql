-- A sub-community's own logo (PRODUCT.md: each has its own accent colour and logo).
ALTER TABLE communities ADD COLUMN logo_url TEXT NOT NULL DEFAULT '';
