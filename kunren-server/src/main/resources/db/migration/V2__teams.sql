-- A drill runs one environment per team; each event says which team it concerns ('' for the whole drill).
ALTER TABLE timeline_events ADD COLUMN team VARCHAR(64) DEFAULT '' NOT NULL;
