using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignStudio.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApprovalTextLinksLedgerTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovalRequestedById",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovalRequestedByName",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovalRequestedUtc",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionComment",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedByName",
                table: "Campaigns",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedUtc",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "CampaignLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "CampaignLedgerTotals",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    TakenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignLedgerTotals", x => new { x.CampaignId, x.Channel, x.Status });
                });

            migrationBuilder.CreateTable(
                name: "DeliveryLinkTargets",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryLinkTargets", x => new { x.DeliveryId, x.LinkIndex });
                    table.ForeignKey(
                        name: "FK_DeliveryLinkTargets_Deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "Deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    FromHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    BodyCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Keyword = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_FromHash_ReceivedUtc",
                table: "InboundMessages",
                columns: new[] { "FromHash", "ReceivedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_ProviderMessageId",
                table: "InboundMessages",
                column: "ProviderMessageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignLedgerTotals");

            migrationBuilder.DropTable(
                name: "DeliveryLinkTargets");

            migrationBuilder.DropTable(
                name: "InboundMessages");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestedById",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestedByName",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestedUtc",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "RejectionComment",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedById",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedByName",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedUtc",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "CampaignLinks");
        }
    }
}
