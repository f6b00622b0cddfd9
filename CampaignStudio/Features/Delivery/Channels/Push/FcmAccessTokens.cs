using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// OAuth access tokens for FCM from the service account key (a signed JWT exchanged at the key's <c>token_uri</c>).
/// Google.Apis.Auth caches the token and refreshes it shortly before it expires; concurrent callers share one refresh.
/// </summary>
public sealed class FcmAccessTokens(IOptions<FcmOptions> options)
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly Lazy<ITokenAccess> credential = new(() => CredentialFactory
        .FromJson<ServiceAccountCredential>(options.Value.ReadServiceAccountJson())
        .ToGoogleCredential()
        .CreateScoped(Scope));

    public Task<string> GetAsync(CancellationToken cancellationToken) => credential.Value.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);
}
