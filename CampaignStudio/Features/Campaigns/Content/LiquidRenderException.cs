namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A render stopped because it hit a sandbox limit (output size, time, steps) or failed.</summary>
public sealed class LiquidRenderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LiquidRenderException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
