using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>
/// A text a person sent to one of our numbers (SMS or WhatsApp), as the provider passed it on: who (the number's blind
/// index, and the contact when known), what (encrypted, like every phone number and address), the keyword it was read
/// as, and the message whose unsubscribe a STOP was counted for. The provider's message id is unique, so a webhook the
/// provider retries is handled once.
/// </summary>
public sealed class InboundMessage
{
    public const int MaxProviderMessageIdLength = 64;

    private InboundMessage()
    {
    }

    public InboundMessage(string providerMessageId, Channel channel, byte[] fromHash, byte[] bodyCipher, ReplyKeyword keyword, DateTime receivedUtc)
    {
        ProviderMessageId = providerMessageId.Length > MaxProviderMessageIdLength ? providerMessageId[..MaxProviderMessageIdLength] : providerMessageId;
        Channel = channel;
        FromHash = fromHash;
        BodyCipher = bodyCipher;
        Keyword = keyword;
        ReceivedUtc = receivedUtc;
    }

    public long Id { get; private set; }

    /// <summary>Twilio's <c>MessageSid</c>.</summary>
    public string ProviderMessageId { get; private set; } = "";

    public Channel Channel { get; private set; }

    /// <summary>The blind index of the sender's number (E.164), as contacts' <c>PhoneHash</c>.</summary>
    public byte[] FromHash { get; private set; } = [];

    /// <summary>The text, encrypted.</summary>
    public byte[] BodyCipher { get; private set; } = [];

    public ReplyKeyword Keyword { get; private set; }

    /// <summary>The contact with that number, when there was one.</summary>
    public long? ContactId { get; set; }

    /// <summary>The message a STOP was counted as the unsubscribe of (the latest sent to the number on the channel, within the window).</summary>
    public long? DeliveryId { get; set; }

    public DateTime ReceivedUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<InboundMessage>
    {
        public void Configure(EntityTypeBuilder<InboundMessage> builder)
        {
            builder.ToTable("InboundMessages");
            builder.HasKey(m => m.Id);
            builder.Property(m => m.ProviderMessageId).HasMaxLength(MaxProviderMessageIdLength);
            builder.HasIndex(m => m.ProviderMessageId).IsUnique();
            builder.Property(m => m.FromHash).HasMaxLength(32);
            builder.HasIndex(m => new { m.FromHash, m.ReceivedUtc });
        }
    }
}
