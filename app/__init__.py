"""Streamlit pages and UI texts of machmal (pages only call toolkit)."""
