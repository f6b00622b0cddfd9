using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>The first wizard step: name, description, campaign fields (raw values, checked by their type) and attributes.</summary>
public sealed class CampaignBasicsInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Admin-defined campaign field key → raw value.</summary>
    public Dictionary<string, string?>? Fields { get; set; }

    /// <summary>Free key/values.</summary>
    public Dictionary<string, string>? Attributes { get; set; }
}

/// <summary>The audience step: segment ids to include (at least one to schedule) and to exclude.</summary>
public sealed class CampaignAudienceInput
{
    public List<int>? IncludeSegmentIds { get; set; }

    public List<int>? ExcludeSegmentIds { get; set; }
}

/// <summary>The channels and content step: the channels (the campaign's type) and what each says.</summary>
public sealed class CampaignContentInput
{
    public List<Channel>? Channels { get; set; }

    public CampaignContent? Content { get; set; }
}

/// <summary>The schedule step. <see cref="Date"/> is YYYY-MM-DD and <see cref="Time"/> HH:mm, local to <see cref="TimeZone"/> or to each recipient.</summary>
public sealed class CampaignScheduleInput
{
    public CampaignScheduleKind Kind { get; set; }

    public string? Date { get; set; }

    public string? Time { get; set; }

    /// <summary>An IANA time zone such as Asia/Kolkata, for <see cref="CampaignScheduleKind.At"/>.</summary>
    public string? TimeZone { get; set; }
}

/// <summary>A whole campaign, as the API creates (POST) and replaces (PUT) it.</summary>
public sealed class CampaignInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string?>? Fields { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    public List<int>? IncludeSegmentIds { get; set; }

    public List<int>? ExcludeSegmentIds { get; set; }

    public List<Channel>? Channels { get; set; }

    public CampaignContent? Content { get; set; }

    /// <summary>Absent: no send time yet.</summary>
    public CampaignScheduleInput? Schedule { get; set; }

    /// <summary>The revision the change is based on: required to replace a campaign, ignored when creating one.</summary>
    public int? Revision { get; set; }

    public CampaignBasicsInput Basics() => new() { Name = Name, Description = Description, Fields = Fields, Attributes = Attributes };

    public CampaignAudienceInput Audience() => new() { IncludeSegmentIds = IncludeSegmentIds, ExcludeSegmentIds = ExcludeSegmentIds };

    public CampaignContentInput ChannelsAndContent() => new() { Channels = Channels, Content = Content };
}
