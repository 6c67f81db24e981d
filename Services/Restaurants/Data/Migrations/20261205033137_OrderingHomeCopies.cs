using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Restaurants.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_restaurants_owner_id_name",
                table: "restaurants");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "restaurants",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_restaurants_owner_id_name",
                table: "restaurants",
                columns: new[] { "owner_id", "name" },
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_restaurants_owner_id_name",
                table: "restaurants");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "restaurants");

            migrationBuilder.CreateIndex(
                name: "ix_restaurants_owner_id_name",
                table: "restaurants",
                columns: new[] { "owner_id", "name" },
                unique: true,
                filter: "deleted = false");
        }
    }
}
