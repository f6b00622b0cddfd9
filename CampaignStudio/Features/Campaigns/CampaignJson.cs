using System.Text.Json;
using System.Text.Json.Serialization;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The stored JSON of campaign content, custom field values and attributes: camelCase, enums as strings, absent
/// values left out. Reading tolerates members it does not know, so that older code can read newer snapshots.
/// </summary>
public static class CampaignJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(CampaignContent content) => JsonSerializer.Serialize(content, Options);

    public static CampaignContent DeserializeContent(string? json) =>
        string.IsNullOrEmpty(json) ? CampaignContent.Empty : JsonSerializer.Deserialize<CampaignContent>(json, Options) ?? CampaignContent.Empty;

    public static string Serialize(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(values.ToDictionary(), StringComparer.Ordinal), Options);

    public static IReadOnlyDictionary<string, string> DeserializeValues(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
