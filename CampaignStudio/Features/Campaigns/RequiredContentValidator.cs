namespace CampaignStudio.Features.Campaigns;

/// <summary>The default content check: every chosen channel has its required parts (subject, body, template…).</summary>
public sealed class RequiredContentValidator : ICampaignContentValidator
{
    public ValueTask<IReadOnlyList<CampaignContentIssue>> ValidateAsync(CampaignChannels channels, CampaignContent content, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<CampaignContentIssue>>(
        [
            .. content.MissingParts(channels).SelectMany(p => p.Value.Select(m => new CampaignContentIssue(p.Key, m, CampaignContentIssueSeverity.Error))),
        ]);
}
