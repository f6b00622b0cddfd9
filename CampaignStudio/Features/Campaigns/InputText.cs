namespace CampaignStudio.Features.Campaigns;

/// <summary>How campaign input is tidied before it is checked and stored.</summary>
internal static class InputText
{
    /// <summary>A single-line value: trimmed; blank becomes absent.</summary>
    public static string? Line(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A body: kept as written (leading spaces can matter) with one line-ending style; blank becomes absent.</summary>
    public static string? Body(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.ReplaceLineEndings("\n");
}
