package app.platform.testkit;

/** One isolated database on the shared test PostgreSQL server (superuser credentials). */
public record TestDatabase(String host, int port, String name, String username, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
    }
}
