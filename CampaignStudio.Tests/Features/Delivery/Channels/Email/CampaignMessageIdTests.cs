using CampaignStudio.Features.Delivery.Channels.Email;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

public sealed class CampaignMessageIdTests
{
    [Theory]
    [InlineData("d123.c45.0011223344556677@acme.example", 123, 45)]
    [InlineData("<d123.c45.0011223344556677@acme.example>", 123, 45)]
    [InlineData("  <d0.c9.ab@x.example> ", 0, 9)]
    [InlineData("d9223372036854775807.c2147483647.ff@a.example", long.MaxValue, int.MaxValue)]
    public void TryParse_AnIdThisChannelMade_GivesTheDeliveryAndCampaign(string messageId, long delivery, int campaign)
    {
        Assert.True(CampaignMessageId.TryParse(messageId, out var deliveryId, out var campaignId));
        Assert.Equal((delivery, campaign), (deliveryId, campaignId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<CAF=abc123@mail.gmail.com>")]
    [InlineData("d12.c3@acme.example")]
    [InlineData("d12.c3.@acme.example")]
    [InlineData("dx.c3.ab@acme.example")]
    [InlineData("d12.x3.ab@acme.example")]
    [InlineData("d-1.c3.ab@acme.example")]
    [InlineData("d12.c3.ab")]
    public void TryParse_AnyOtherId_IsFalse(string? messageId)
    {
        Assert.False(CampaignMessageId.TryParse(messageId, out var deliveryId, out var campaignId));
        Assert.Equal((0L, 0), (deliveryId, campaignId));
    }

    [Fact]
    public void Create_RoundTripsAndIsUniquePerMessage()
    {
        var first = CampaignMessageId.Create(42, 7, "Offers@Acme.Example");
        var second = CampaignMessageId.Create(42, 7, "offers@acme.example");

        Assert.NotEqual(first, second);
        Assert.Matches("^d42\\.c7\\.[0-9a-f]{16}@acme\\.example$", first);
        Assert.True(CampaignMessageId.TryParse(first, out var deliveryId, out var campaignId));
        Assert.Equal((42L, 7), (deliveryId, campaignId));
    }

    [Theory]
    [InlineData("offers@bücher.example", "@xn--bcher-kva.example")]
    [InlineData("no-at-sign", "@campaignstudio.invalid")]
    public void Create_UnusualFromDomain_GivesAValidDomainPart(string from, string expectedEnd) =>
        Assert.EndsWith(expectedEnd, CampaignMessageId.Create(1, 1, from));

    [Fact]
    public void Create_VeryLongFromDomain_StaysWithinTheLedgersProviderIdColumn()
    {
        var longDomain = string.Join('.', Enumerable.Repeat("abcdefghijklmnopqrstuvwxyz0123456789", 6)) + ".example";

        var id = CampaignMessageId.Create(long.MaxValue, int.MaxValue, "x@" + longDomain);

        Assert.InRange(id.Length, 1, CampaignMessageId.MaxLength);
        Assert.EndsWith(".example", id);
        Assert.True(CampaignMessageId.TryParse(id, out var deliveryId, out _));
        Assert.Equal(long.MaxValue, deliveryId);
    }
}
