"""The published version 「市民の声と市の対応」: public wording, name detection, writing files."""
