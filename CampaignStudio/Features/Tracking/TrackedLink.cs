namespace CampaignStudio.Features.Tracking;

/// <summary>
/// One tracked link of a campaign's email: its position in the content and its target as written — with Liquid in it
/// when <see cref="IsPersonalized"/>, in which case each message's link carries its own rendered target, signed.
/// </summary>
public sealed record TrackedLink(int Index, string Url, bool IsPersonalized);
