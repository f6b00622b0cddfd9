using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CampaignStudio.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/> so that both providers can compare and sort it.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
