using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Outbox;

/// <summary>One rendered test message for one recipient, ready for a channel.</summary>
public sealed record TestMessage(
    int CampaignId,
    Channel Channel,
    string Recipient,
    string? Subject,
    string? HtmlBody,
    string? TextBody,
    Actor RequestedBy);

/// <summary>What became of a test message: whether a provider took it, in words, and where it can be seen.</summary>
public sealed record TestSendResult(string Recipient, bool Sent, string Status, long? OutboxMessageId);
