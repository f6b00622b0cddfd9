namespace CampaignStudio.Features.Shared;

/// <summary>The thing asked for does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string message) : DomainException(message);
