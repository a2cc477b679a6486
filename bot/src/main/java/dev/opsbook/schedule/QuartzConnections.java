package dev.opsbook.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Quartz's job store takes connections from opsbook's own pool; the pool's owner (the engine) closes it, not Quartz. */
final class QuartzConnections implements ConnectionProvider {
    private final DataSource dataSource;

    QuartzConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the engine's Database closes the pool after the scheduler has stopped
    }

    @Override
    public void initialize() {
        // the pool is open already
    }
}
