using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignStudio.Data.Migrations.MySql
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
                type: "varchar(450)",
                maxLength: 450,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ApprovalRequestedByName",
                table: "Campaigns",
                type: "varchar(256)",
                maxLength: 256,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovalRequestedUtc",
                table: "Campaigns",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionComment",
                table: "Campaigns",
                type: "varchar(2000)",
                maxLength: 2000,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Campaigns",
                type: "varchar(450)",
                maxLength: 450,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ReviewedByName",
                table: "Campaigns",
                type: "varchar(256)",
                maxLength: 256,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedUtc",
                table: "Campaigns",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "CampaignLinks",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "CampaignLedgerTotals",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    TakenUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignLedgerTotals", x => new { x.CampaignId, x.Channel, x.Status });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "DeliveryLinkTargets",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    LinkIndex = table.Column<int>(type: "int", nullable: false),
                    Url = table.Column<string>(type: "varchar(2048)", maxLength: 2048, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4")
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
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    ProviderMessageId = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    FromHash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    BodyCipher = table.Column<byte[]>(type: "longblob", nullable: false),
                    Keyword = table.Column<int>(type: "int", nullable: false),
                    ContactId = table.Column<long>(type: "bigint", nullable: true),
                    DeliveryId = table.Column<long>(type: "bigint", nullable: true),
                    ReceivedUtc = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMessages", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

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
