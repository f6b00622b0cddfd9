using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Primitives;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

public sealed class TwilioSignatureTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static readonly Dictionary<string, StringValues> Parameters = new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+12349013030",
        ["Digits"] = "1234",
        ["From"] = "+12349013030",
        ["To"] = "+18005551212",
    };

    [Fact]
    public void Compute_TwiliosPublishedExample_GivesItsSignature()
    {
        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", Convert.ToBase64String(TwilioSignature.Compute("12345", Url, Parameters)));
    }

    [Fact]
    public void IsValid_TheStandInsSignature_IsTrue()
    {
        var signature = TwilioStandIn.Sign("12345", Url, Parameters.ToDictionary(p => p.Key, p => p.Value.ToString()));

        Assert.True(TwilioSignature.IsValid("12345", Url, Parameters, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ")]
    [InlineData("1/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    public void IsValid_MissingMalformedOrWrongSignature_IsFalse(string? signature)
    {
        Assert.False(TwilioSignature.IsValid("12345", Url, Parameters, signature));
    }

    [Fact]
    public void IsValid_AnotherUrlOrToken_IsFalse()
    {
        Assert.False(TwilioSignature.IsValid("12345", "http://mycompany.com/myapp.php?foo=1&bar=2", Parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
        Assert.False(TwilioSignature.IsValid("54321", Url, Parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
    }
}
