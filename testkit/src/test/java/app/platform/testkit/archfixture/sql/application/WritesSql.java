package app.platform.testkit.archfixture.sql.application;

/** An application service that runs SQL itself. */
public class WritesSql {
    public String statement(org.springframework.r2dbc.core.DatabaseClient db) {
        return db.toString();
    }
}
