namespace CampaignStudio.Features.Shared;

/// <summary>The request collides with the current state, e.g. a duplicate or a concurrent change.</summary>
public sealed class ConflictException(string message) : DomainException(message);
