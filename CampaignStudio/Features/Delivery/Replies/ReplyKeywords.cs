namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>Reads an inbound text as a keyword: the whole message, trimmed, without regard to case.</summary>
public static class ReplyKeywords
{
    private static readonly HashSet<string> Stop = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    private static readonly HashSet<string> Start = new(StringComparer.OrdinalIgnoreCase) { "START", "UNSTOP", "YES" };
    private static readonly HashSet<string> Help = new(StringComparer.OrdinalIgnoreCase) { "HELP", "INFO" };

    public static ReplyKeyword Read(string? body)
    {
        var text = body?.Trim() ?? "";
        return Stop.Contains(text) ? ReplyKeyword.Stop
            : Start.Contains(text) ? ReplyKeyword.Start
            : Help.Contains(text) ? ReplyKeyword.Help
            : ReplyKeyword.Other;
    }
}
