-- A system notice's wording is stored as a code (notifications::Notice) and written in
-- the reader's language when shown or mailed, not as an English sentence for everyone.
ALTER TABLE notifications ADD COLUMN notice TEXT;
