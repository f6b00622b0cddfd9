using System.Data.Common;
using System.Text;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// A parameterised statement built by hand for the hot path: positional <c>?</c> placeholders on MySQL (MySqlConnector
/// binds them in order without looking names up), named ones on SQLite, identifiers quoted for the provider.
/// </summary>
internal sealed class SqlText(DbCommand command, bool mySql)
{
    private readonly StringBuilder text = new();
    private int count;

    public bool MySql => mySql;

    public SqlText Append(string sql)
    {
        text.Append(sql);
        return this;
    }

    /// <summary>An identifier, quoted.</summary>
    public SqlText Name(string identifier)
    {
        text.Append(mySql ? '`' : '"').Append(identifier).Append(mySql ? '`' : '"');
        return this;
    }

    public SqlText Names(params string[] identifiers)
    {
        for (var i = 0; i < identifiers.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Name(identifiers[i]);
        }

        return this;
    }

    /// <summary>A value, as a parameter.</summary>
    public SqlText Value(object? value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
            Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
        if (mySql)
        {
            parameter.ParameterName = "";
            text.Append('?');
        }
        else
        {
            parameter.ParameterName = "@p" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(parameter.ParameterName);
        }

        count++;
        command.Parameters.Add(parameter);
        return this;
    }

    /// <summary>A row of values: <c>(?, ?, …)</c>.</summary>
    public SqlText Row(params object?[] values)
    {
        text.Append('(');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Value(values[i]);
        }

        text.Append(')');
        return this;
    }

    public int Parameters => count;

    public bool IsEmpty => text.Length == 0;

    public DbCommand Build()
    {
        command.CommandText = text.ToString();
        return command;
    }
}
