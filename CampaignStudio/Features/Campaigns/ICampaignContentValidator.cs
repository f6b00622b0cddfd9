namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The one place campaign content is checked beyond its shape: <see cref="CampaignService"/> asks it when it shows a
/// campaign (warnings and errors next to the fields), when content of a scheduled campaign changes, and before
/// scheduling (any error refuses). The default, <see cref="RequiredContentValidator"/>, checks required parts;
/// personalisation (Liquid) checks and content warnings plug in here by registering another implementation in
/// <see cref="CampaignsFeature.AddCampaignsFeature"/>.
/// </summary>
public interface ICampaignContentValidator
{
    ValueTask<IReadOnlyList<CampaignContentIssue>> ValidateAsync(CampaignChannels channels, CampaignContent content, CancellationToken cancellationToken);
}
