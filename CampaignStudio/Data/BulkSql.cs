using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CampaignStudio.Data;

/// <summary>
/// Set-based statements for the hot paths of bulk writes: multi-row, parameterised <c>INSERT</c>s inside the
/// context's current transaction, bypassing change tracking, and key lookups by many values at once. Tables,
/// columns, value conversions and parameter types all come from the EF model, so the statements are the ones EF
/// would write, a thousand rows at a time instead of one.
/// </summary>
internal static class BulkSql
{
    /// <summary>Below SQLite's 32,766 host parameters and MySQL's 65,535 placeholders per statement.</summary>
    private const int MaxParametersPerStatement = 30_000;

    private const int MaxRowsPerStatement = 1_000;

    /// <summary>
    /// Inserts <paramref name="rows"/>. <paramref name="valueOf"/> may supply a property's value instead of the
    /// entity (e.g. a foreign key known only after the parent was inserted); return <see cref="NotSupplied"/> to
    /// take the entity's own value.
    /// </summary>
    /// <returns>
    /// Whether the rows' store-generated keys were written back onto them: they are when the database hands out a
    /// multi-row insert's keys consecutively (SQLite, whose one writer holds the lock; MySQL and MariaDB with
    /// <c>innodb_autoinc_lock_mode</c> 0 or 1). Otherwise the caller looks them up.
    /// </returns>
    public static async Task<bool> InsertAsync<T>(AppDbContext db, IReadOnlyList<T> rows, Func<IProperty, T, object?>? valueOf, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside a transaction, so that it lands whole or not at all.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping(), Getter(p)))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var rowsPerStatement = Math.Clamp(MaxParametersPerStatement / columns.Count, 1, MaxRowsPerStatement);
        // MySqlConnector binds positional "?" placeholders in order; with thousands of named ones per statement,
        // looking each name up costs more than the insert itself. SQLite binds named ones directly.
        var positional = db is MySqlAppDbContext;
        var connection = transaction.Connection!;
        var generatedKey = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && key.ClrType == typeof(long) ? key : null;
        var assignKeys = generatedKey is not null && await HandsOutConsecutiveKeysAsync(db, transaction, cancellationToken);

        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head, head.Length + (chunk.Length * columns.Count * 8));
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var column = columns[c];
                    var name = positional ? "?" : $"@p{n++}";
                    var supplied = valueOf is null ? NotSupplied : valueOf(column.Property, chunk[r]);
                    var value = ReferenceEquals(supplied, NotSupplied) ? column.Get(chunk[r]) : supplied;
                    var parameter = column.Mapping.CreateParameter(command, name, value, column.Property.IsNullable);
                    if (positional)
                    {
                        parameter.ParameterName = "";
                    }

                    command.Parameters.Add(parameter);
                    text.Append(c == 0 ? name : ", " + name);
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
            if (assignKeys)
            {
                var first = await FirstKeyOfLastInsertAsync(command, chunk.Length, cancellationToken);
                if (inserted != chunk.Length || first is null)
                {
                    throw new InvalidOperationException($"A bulk insert into {table.Name} reported {inserted} rows for {chunk.Length}.");
                }

                for (var r = 0; r < chunk.Length; r++)
                {
                    SetKey(db, chunk[r], first.Value + r);
                }
            }
        }

        return assignKeys;
    }

    /// <summary>
    /// The keys of the rows whose <paramref name="lookups"/> column holds one of the given values (one
    /// <c>SELECT key … WHERE column IN (…)</c> per column, joined with <c>UNION ALL</c>, in one round trip),
    /// with the values as parameters typed by the model. For the hot path of matching a batch against what is
    /// stored; each column should be indexed.
    /// </summary>
    public static async Task<List<long>> FindKeysAsync<T>(AppDbContext db, IReadOnlyList<(string Property, IReadOnlyCollection<object> Values)> lookups, CancellationToken cancellationToken)
        where T : class
    {
        var wanted = lookups.Where(l => l.Values.Count > 0).ToList();
        var keys = new List<long>();
        if (wanted.Count == 0)
        {
            return keys;
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()!.Properties.Single();
        var sql = db.GetService<ISqlGenerationHelper>();
        var positional = db is MySqlAppDbContext;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var text = new StringBuilder();
        var n = 0;
        foreach (var (propertyName, values) in wanted)
        {
            var property = entityType.FindProperty(propertyName) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {propertyName}.");
            var mapping = property.GetRelationalTypeMapping();
            text.Append(text.Length == 0 ? "" : " UNION ALL ")
                .Append("SELECT ").Append(sql.DelimitIdentifier(key.GetColumnName(table)!))
                .Append(" FROM ").Append(sql.DelimitIdentifier(table.Name, table.Schema))
                .Append(" WHERE ").Append(sql.DelimitIdentifier(property.GetColumnName(table)!)).Append(" IN (");
            var first = true;
            foreach (var value in values)
            {
                var name = positional ? "?" : $"@k{n++}";
                var parameter = mapping.CreateParameter(command, name, value, nullable: false);
                if (positional)
                {
                    parameter.ParameterName = "";
                }

                command.Parameters.Add(parameter);
                text.Append(first ? name : ", " + name);
                first = false;
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return keys;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> ConsecutiveKeys = new();

    private static async Task<bool> HandsOutConsecutiveKeysAsync(AppDbContext db, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (db is not MySqlAppDbContext)
        {
            return true; // SQLite: the writer holds the database lock for the whole statement
        }

        var connection = transaction.Connection!;
        var server = $"{connection.DataSource}/{connection.ServerVersion}";
        if (ConsecutiveKeys.TryGetValue(server, out var known))
        {
            return known;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT @@innodb_autoinc_lock_mode";
        var mode = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return ConsecutiveKeys[server] = mode <= 1;
    }

    /// <summary>The key of the first row the command inserted: MySQL reports it, SQLite reports the last one.</summary>
    private static async Task<long?> FirstKeyOfLastInsertAsync(System.Data.Common.DbCommand command, int rows, CancellationToken cancellationToken)
    {
        if (command is MySqlConnector.MySqlCommand mysql)
        {
            return mysql.LastInsertedId > 0 ? mysql.LastInsertedId : null;
        }

        command.Parameters.Clear();
        command.CommandText = "SELECT last_insert_rowid()";
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return last - rows + 1;
    }

    /// <summary>The marker <c>valueOf</c> returns to take the entity's own value.</summary>
    public static readonly object NotSupplied = new();

    private static Func<object, object?> Getter(IProperty property)
    {
        if (property.PropertyInfo is { } info && info.GetMethod is not null)
        {
            return info.GetValue;
        }

        if (property.FieldInfo is { } field)
        {
            return field.GetValue;
        }

        throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has no CLR member to read; supply it through valueOf.");
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, Func<object, object?> Get);

    /// <summary>Writes a store-generated key (a private setter) back onto an entity inserted in bulk.</summary>
    public static void SetKey<T>(AppDbContext db, T entity, object key)
        where T : class
    {
        var property = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties.Single();
        switch ((MemberInfo?)property.PropertyInfo ?? property.FieldInfo)
        {
            case PropertyInfo { SetMethod: not null } info:
                info.SetValue(entity, Convert.ChangeType(key, property.ClrType, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FieldInfo field:
                field.SetValue(entity, Convert.ChangeType(key, property.ClrType, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"{typeof(T).Name}'s key cannot be set.");
        }
    }
}
