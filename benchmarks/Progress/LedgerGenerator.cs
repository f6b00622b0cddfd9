using System.Data.Common;
using System.Globalization;

namespace CampaignStudio.Benchmarks.Progress;

/// <summary>
/// Writes a sending campaign's ledger straight into <c>Deliveries</c> with set-based INSERT … SELECT over a generated
/// sequence, two hours into its send: per 1,000 rows, 550 sent (spread evenly over the two hours, so about 76 a
/// second), 20 delivered, 5 undelivered, 15 failed (eight error texts), 50 skipped (five reasons), 5 in the Outbox,
/// 10 waiting for a retry, 1 in flight and 344 pending; a quarter on SMS, the rest email; one row in 5,000 had its
/// lease lapse.
/// </summary>
internal sealed class LedgerGenerator(DbConnection connection, bool isMySql, DateTime nowUtc)
{
    private const int Chunk = 100_000;

    public async Task GenerateAsync(int campaignId, int rows)
    {
        if (isMySql)
        {
            // Recursive CTEs stop at 1,000 levels by default on MySQL 8 (cte_max_recursion_depth) and may on MariaDB
            // (max_recursive_iterations); each server knows only its own variable.
            await TryExecuteAsync($"SET SESSION cte_max_recursion_depth = {Chunk + 1}");
            await TryExecuteAsync($"SET SESSION max_recursive_iterations = {Chunk + 1}");
        }

        for (var from = 1; from <= rows; from += Chunk)
        {
            var to = Math.Min(rows, from + Chunk - 1);
            await ExecuteAsync(InsertSql(campaignId, from, to));
        }
    }

    private string InsertSql(int campaignId, int from, int to)
    {
        string Ago(string secondsExpression) => isMySql
            ? $"DATE_SUB({Now}, INTERVAL ({secondsExpression}) SECOND)"
            : $"strftime('%Y-%m-%d %H:%M:%S', {Now}, (-({secondsExpression})) || ' seconds')";
        string Text(string expression) => isMySql ? $"CONCAT({expression})" : expression.Replace(", ", " || ", StringComparison.Ordinal);

        var b = "(s.i % 1000)";
        var status = $"CASE WHEN {b} < 550 THEN 2 WHEN {b} < 570 THEN 3 WHEN {b} < 575 THEN 4 WHEN {b} < 590 THEN 5 WHEN {b} < 640 THEN 6 WHEN {b} < 645 THEN 8 WHEN {b} < 655 THEN 0 WHEN {b} < 656 THEN 1 ELSE 0 END";
        var sent = $"CASE WHEN {b} < 575 THEN {Ago("s.i % 7200")} END";
        var updated = $"CASE WHEN {b} < 575 THEN {Ago("s.i % 7200")} WHEN {b} < 656 THEN {Ago("s.i % 600")} ELSE {Ago("7200")} END";
        var error = $"CASE WHEN {b} >= 570 AND {b} < 575 THEN {Text("'30003 Unreachable destination handset ', (s.i % 3)")} " +
                    $"WHEN {b} >= 575 AND {b} < 590 THEN {Text("'554 5.7.1 Message rejected (policy ', (s.i % 8), ')'")} " +
                    $"WHEN {b} >= 645 AND {b} < 655 THEN '421 4.7.0 Try again later' END";
        var sequence = $"WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to})";
        var columns = "CampaignId, ContactId, Channel, Status, SkipReason, DueUtc, Attempts, LeaseLapses, Provider, Error, CreatedUtc, SentUtc, UpdatedUtc";
        var select = $"""
            SELECT {campaignId}, s.i,
                CASE WHEN s.i % 4 = 0 THEN 2 ELSE 1 END,
                {status},
                CASE WHEN {b} >= 590 AND {b} < 640 THEN 1 + s.i % 5 END,
                CASE WHEN {b} >= 645 AND {b} < 655 THEN {Ago("-60")} ELSE {Ago("7200")} END,
                CASE WHEN {b} < 590 OR ({b} >= 640 AND {b} < 656) THEN 1 ELSE 0 END,
                CASE WHEN s.i % 5000 = 0 THEN 1 ELSE 0 END,
                CASE WHEN {b} < 656 AND ({b} < 590 OR {b} >= 640) THEN 'SMTP' END,
                {error},
                {Ago("7200")}, {sent}, {updated}
            FROM s
            """;
        // MySQL wants the CTE inside the INSERT's SELECT; SQLite accepts it in front of the INSERT.
        return isMySql
            ? $"INSERT INTO Deliveries ({columns}) {sequence} {select}"
            : $"{sequence} INSERT INTO Deliveries ({columns}) {select}";
    }

    private string Now => "'" + nowUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private async Task ExecuteAsync(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private async Task TryExecuteAsync(string sql)
    {
        try
        {
            await ExecuteAsync(sql);
        }
        catch (DbException)
        {
            // The other server's variable.
        }
    }
}
