package io.fleetwise.datastore;

import java.sql.Connection;
import java.sql.SQLException;

/** Work against one connection. */
@FunctionalInterface
public interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
}
