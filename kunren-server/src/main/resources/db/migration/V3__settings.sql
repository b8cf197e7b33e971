-- Server settings, such as the facilitator's password hash. ("value" is reserved in H2.)
CREATE TABLE settings (
    setting_name   VARCHAR(64) PRIMARY KEY,
    setting_value  VARCHAR(1000) NOT NULL
);
