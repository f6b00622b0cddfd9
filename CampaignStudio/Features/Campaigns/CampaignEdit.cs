namespace CampaignStudio.Features.Campaigns;

/// <summary>Every part of a campaign at once, for <see cref="Campaign.Update"/> (the API's PUT).</summary>
public sealed record CampaignEdit(
    CampaignBasics Basics,
    CampaignAudience Audience,
    int? EstimatedAudience,
    CampaignChannels Channels,
    CampaignContent Content,
    CampaignSchedule? Schedule,
    int? WizardStep = null);
