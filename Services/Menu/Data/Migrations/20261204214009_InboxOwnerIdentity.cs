using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Menu.Data.Migrations
{
    /// <inheritdoc />
    public partial class InboxOwnerIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_sync_inbox",
                table: "sync_inbox");

            // Rows recorded before the publisher's cluster was: "main", the one cluster most deployments have
            // (Sync:Cluster's default), so their redeliveries are still recognised. Elsewhere such a redelivery is
            // applied again as stale, which changes nothing; the rows expire with the inbox's retention.
            migrationBuilder.AddColumn<string>(
                name: "source_cluster",
                table: "sync_inbox",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "main");

            migrationBuilder.AddPrimaryKey(
                name: "pk_sync_inbox",
                table: "sync_inbox",
                columns: new[] { "message_id", "source_service", "source_cluster" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_sync_inbox",
                table: "sync_inbox");

            migrationBuilder.DropColumn(
                name: "source_cluster",
                table: "sync_inbox");

            migrationBuilder.AddPrimaryKey(
                name: "pk_sync_inbox",
                table: "sync_inbox",
                column: "message_id");
        }
    }
}
