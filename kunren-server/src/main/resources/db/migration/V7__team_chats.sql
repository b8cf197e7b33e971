-- Where each team talks (its chat's incoming webhook, its channel, the bot's language): kept so
-- that a restart, or another server taking the drill over, still posts there and takes its
-- slash commands. The webhook's URL is a secret, as the drill's token beside it is.
ALTER TABLE web_teams ADD COLUMN chat_webhook VARCHAR(2000);
ALTER TABLE web_teams ADD COLUMN chat_channel VARCHAR(80) DEFAULT '' NOT NULL;
ALTER TABLE web_teams ADD COLUMN chat_language VARCHAR(8) DEFAULT 'en' NOT NULL;
