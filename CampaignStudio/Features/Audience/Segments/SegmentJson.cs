using System.Text.Json;
using System.Text.Json.Serialization;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// The stored and exchanged form of rules: camelCase JSON, enums as strings, the node kind in <c>type</c>.
/// Reading is strict (a misspelt property is an error, not silently ignored) because a rule that quietly loses a
/// condition selects the wrong people.
/// </summary>
public static class SegmentJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(SegmentDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>Reads rules; unreadable JSON is a <see cref="ValidationFailedException"/> keyed by where it failed.</summary>
    public static SegmentDefinition Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SegmentDefinition>(json, Options)
                ?? throw ValidationFailedException.For("root", "The rules are empty.");
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "root";
            throw ValidationFailedException.For(path, "The rules could not be read here: check the names, operators and values.");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
