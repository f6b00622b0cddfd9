namespace CampaignStudio.Features.Shared;

/// <summary>The signed-in user (or API key) may not do this; services throw it, pages and endpoints show it.</summary>
public sealed class ForbiddenException(string message) : DomainException(message);
