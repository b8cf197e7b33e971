package dev.kunren.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a restart of the web app must not lose, besides the timelines: the drills it holds (how to
 * load their scenario again, their secrets and codes), their teams with join codes and members,
 * and who is signed in (sessions by the hash of their cookie).
 */
public final class RoomStore {

    /** A drill of the web app: its scenario's file name and, for an uploaded one, its text (null: from the library). */
    public record Drill(String id, String scenarioFile, String scenarioYaml, double speed, long seed, String token,
                        String observerCode, List<String> observers) {
    }

    public record Team(String drillId, String name, String joinCode, List<String> members) {
    }

    /** Where a team talks: its chat's webhook (null: none), its channel (empty: no slash commands), the bot's language. */
    public record Chat(String team, String webhook, String channel, String language) {
    }

    /** A session as stored: everything but the cookie, which only its holder has. */
    public record Session(String tokenHash, String role, String drillId, String team, String name, String csrfToken, Instant expires) {
    }

    private final DataSource pool;

    RoomStore(DataSource pool) {
        this.pool = pool;
    }

    public void saveDrill(Drill drill) {
        update("save drill " + drill.id(), "INSERT INTO web_drills (id, scenario_file, scenario_yaml, speed, seed, token, observer_code, "
                + "observers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", drill.id(), drill.scenarioFile(), drill.scenarioYaml(), drill.speed(),
                drill.seed(), drill.token(), drill.observerCode(), String.join("\n", drill.observers()));
    }

    public void saveObservers(String drillId, List<String> observers) {
        update("save the observers of " + drillId, "UPDATE web_drills SET observers = ? WHERE id = ?", String.join("\n", observers), drillId);
    }

    public void saveObserversSeeFaults(String drillId, boolean see) {
        update("save whether observers of " + drillId + " see faults", "UPDATE web_drills SET observers_see_faults = ? WHERE id = ?",
                see, drillId);
    }

    /** Whether the facilitator lets the drill's observers see what was injected while it runs. */
    public boolean observersSeeFaults(String drillId) {
        List<Boolean> see = new ArrayList<>();
        query("read whether observers of " + drillId + " see faults", "SELECT observers_see_faults FROM web_drills WHERE id = ?",
                rows -> see.add(rows.getBoolean(1)), drillId);
        return !see.isEmpty() && see.getFirst();
    }

    /** The drill a team's or the observers' join code opens, if any (the code as given out: upper case, no spaces). */
    public Optional<String> drillOfCode(String code) {
        List<String> found = new ArrayList<>();
        query("find a join code", "SELECT drill_id FROM web_teams WHERE join_code = ? UNION SELECT id FROM web_drills WHERE observer_code = ?",
                rows -> found.add(rows.getString(1)), code, code);
        return found.stream().findFirst();
    }

    public void saveTeam(Team team, int position) {
        update("save team " + team.name(), "INSERT INTO web_teams (drill_id, team, position, join_code, members) VALUES (?, ?, ?, ?, ?)",
                team.drillId(), team.name(), position, team.joinCode(), String.join("\n", team.members()));
    }

    public void saveChat(String drillId, Chat chat) {
        update("save the chat of " + chat.team(), "UPDATE web_teams SET chat_webhook = ?, chat_channel = ?, chat_language = ? "
                + "WHERE drill_id = ? AND team = ?", chat.webhook(), chat.channel(), chat.language(), drillId, chat.team());
    }

    /** The chats the drill's teams were linked to. */
    public List<Chat> chats(String drillId) {
        List<Chat> chats = new ArrayList<>();
        query("read the chats of " + drillId, "SELECT team, chat_webhook, chat_channel, chat_language FROM web_teams "
                + "WHERE drill_id = ? AND (chat_webhook IS NOT NULL OR chat_channel <> '') ORDER BY position",
                rows -> chats.add(new Chat(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4))), drillId);
        return chats;
    }

    public void saveMembers(String drillId, String team, List<String> members) {
        update("save the members of " + team, "UPDATE web_teams SET members = ? WHERE drill_id = ? AND team = ?",
                String.join("\n", members), drillId, team);
    }

    public List<Drill> drills() {
        return drills("", new Object[0]);
    }

    /** The ids of the web app's drills: cheap to ask often (a drill's uploaded scenario may be a megabyte). */
    public java.util.Set<String> drillIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        query("list the web app's drills", "SELECT id FROM web_drills", rows -> ids.add(rows.getString(1)));
        return ids;
    }

    public Optional<Drill> drill(String id) {
        return drills(" WHERE id = ?", new Object[] {id}).stream().findFirst();
    }

    private List<Drill> drills(String where, Object[] parameters) {
        List<Drill> drills = new ArrayList<>();
        query("list the web app's drills", "SELECT id, scenario_file, scenario_yaml, speed, seed, token, observer_code, observers "
                + "FROM web_drills" + where + " ORDER BY id", rows -> drills.add(new Drill(rows.getString(1), rows.getString(2),
                rows.getString(3), rows.getDouble(4), rows.getLong(5), rows.getString(6), rows.getString(7), lines(rows.getString(8)))),
                parameters);
        return drills;
    }

    public List<Team> teams(String drillId) {
        List<Team> teams = new ArrayList<>();
        query("list the teams of " + drillId, "SELECT team, join_code, members FROM web_teams WHERE drill_id = ? ORDER BY position",
                rows -> teams.add(new Team(drillId, rows.getString(1), rows.getString(2), lines(rows.getString(3)))), drillId);
        return teams;
    }

    public void saveSession(Session session) {
        update("save a session", "INSERT INTO web_sessions (token_hash, role, drill_id, team, name, csrf_token, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", session.tokenHash(), session.role(), session.drillId(), session.team(), session.name(),
                session.csrfToken(), Timestamp.from(session.expires()));
    }

    public Optional<Session> session(String tokenHash) {
        List<Session> found = new ArrayList<>();
        query("read a session", "SELECT role, drill_id, team, name, csrf_token, expires_at FROM web_sessions WHERE token_hash = ?",
                rows -> found.add(new Session(tokenHash, rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getTimestamp(6).toInstant())), tokenHash);
        return found.stream().findFirst();
    }

    public void deleteSession(String tokenHash) {
        update("end a session", "DELETE FROM web_sessions WHERE token_hash = ?", tokenHash);
    }

    /** Forgets sessions that expired before {@code now}. */
    public void deleteExpiredSessions(Instant now) {
        update("forget expired sessions", "DELETE FROM web_sessions WHERE expires_at < ?", Timestamp.from(now));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String what, String sql, Row row, Object... parameters) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void update(String what, String sql, Object... parameters) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
    }
}
