namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>A message that cannot become a valid email (bad address, no body): sending it again would not help.</summary>
internal sealed class UnsendableEmailException(SendOutcome outcome, string message) : Exception(message)
{
    public SendOutcome Outcome { get; } = outcome;
}
