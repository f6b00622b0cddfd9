namespace CampaignStudio.Features.Webhooks;

/// <summary>What an admin enters for an endpoint (bound by the settings form).</summary>
public sealed class WebhookEndpointInput
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public List<string> EventTypes { get; set; } = [];

    public bool IsActive { get; set; } = true;
}
