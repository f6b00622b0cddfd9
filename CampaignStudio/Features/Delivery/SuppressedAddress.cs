using System.Linq.Expressions;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// An address nothing more is sent to on a channel, whoever the contact: kept by its blind index (the same keyed hash
/// as the contact's <c>EmailHash</c>/<c>PhoneHash</c>), so the list holds no address in the clear and survives the
/// contact's erasure.
/// </summary>
public sealed class SuppressedAddress
{
    public const int MaxNoteLength = 500;

    private SuppressedAddress()
    {
    }

    public SuppressedAddress(Channel channel, byte[] addressHash, SuppressionReason reason, string? note, DateTime nowUtc)
    {
        Channel = channel;
        AddressHash = addressHash;
        Reason = reason;
        Note = note is { Length: > MaxNoteLength } ? note[..MaxNoteLength] : note;
        CreatedUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>Email, or SMS for a phone number (which also covers WhatsApp).</summary>
    public Channel Channel { get; private set; }

    public byte[] AddressHash { get; private set; } = [];

    public SuppressionReason Reason { get; private set; }

    public string? Note { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>The channel whose suppression list covers <paramref name="channel"/>: phone numbers are one list for SMS and WhatsApp.</summary>
    public static Channel ListFor(Channel channel) => channel == Channel.WhatsApp ? Channel.Sms : channel;

    /// <summary>
    /// The entries that stop a message on <paramref name="channel"/>: its list's (<see cref="ListFor"/>), except that a
    /// STOP replied on one phone channel (<see cref="SuppressionReason.ReplyStop"/>, kept under that channel) stops only
    /// that channel — a STOP to the SMS number does not stop WhatsApp, nor the reverse.
    /// </summary>
    public static Expression<Func<SuppressedAddress, bool>> Covers(Channel channel)
    {
        var list = ListFor(channel);
        return list == channel
            ? s => s.Channel == channel
            : s => s.Channel == channel || (s.Channel == list && s.Reason != SuppressionReason.ReplyStop);
    }

    internal sealed class Configuration : IEntityTypeConfiguration<SuppressedAddress>
    {
        public void Configure(EntityTypeBuilder<SuppressedAddress> builder)
        {
            builder.HasKey(s => s.Id);
            builder.Property(s => s.AddressHash).HasMaxLength(32);
            builder.HasIndex(s => new { s.Channel, s.AddressHash }).IsUnique();
            builder.Property(s => s.Note).HasMaxLength(MaxNoteLength);
        }
    }
}
