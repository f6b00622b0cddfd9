using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Money as a whole number of ten-thousandths: exact sums in SQL on both providers (SQLite keeps <c>decimal</c> as text,
/// which it cannot add exactly), four decimals of any currency.
/// </summary>
public sealed class MoneyConverter : ValueConverter<decimal, long>
{
    public const decimal Scale = 10_000m;

    public static readonly MoneyConverter Instance = new();

    public MoneyConverter()
        : base(v => ToStore(v), v => v / Scale)
    {
    }

    public static long ToStore(decimal value) => (long)decimal.Round(value * Scale, MidpointRounding.AwayFromZero);
}
