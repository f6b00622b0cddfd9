using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Case-insensitive text tests that translate on both providers.
/// MySQL/MariaDB: a plain <c>=</c> / <c>IN</c>, because the columns use the server's case-insensitive default
/// collation (utf8mb4_*_ci); that keeps the indexes usable. SQLite: <c>COLLATE NOCASE</c> on the column, which
/// compares ASCII letters without case but cannot use the BINARY indexes; <c>lower(x) = lower(@p)</c> could not
/// either and would also defeat the MySQL indexes, so each provider gets its own form.
/// <c>LIKE</c> is case-insensitive on both (ASCII on SQLite), with the user's <c>%</c>, <c>_</c> and <c>\</c> escaped.
/// </summary>
internal sealed class TextMatcher(bool sqlite)
{
    private const string NoCase = "NOCASE";
    private const string Escape = "\\";

    public Expression<Func<string?, bool>> EqualTo(string value) => sqlite
        ? s => s != null && EF.Functions.Collate(s, NoCase) == value
        : s => s != null && s == value;

    public Expression<Func<string?, bool>> In(List<string> values)
    {
        if (values.Count == 1)
        {
            return EqualTo(values[0]);
        }

        return sqlite
            ? s => s != null && values.Contains(EF.Functions.Collate(s, NoCase))
            : s => s != null && values.Contains(s);
    }

    public Expression<Func<string?, bool>> Contains(string value) => Like($"%{EscapeLike(value)}%");

    public Expression<Func<string?, bool>> StartsWith(string value) => Like($"{EscapeLike(value)}%");

    public Expression<Func<string?, bool>> EndsWith(string value) => Like($"%{EscapeLike(value)}");

    public static Expression<Func<string?, bool>> IsSet() => s => s != null && s != "";

    private static Expression<Func<string?, bool>> Like(string pattern) => s => s != null && EF.Functions.Like(s, pattern, Escape);

    private static string EscapeLike(string value) => value.Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_");
}
